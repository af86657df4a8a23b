"""Learning: the trainee's modules, lessons, quizzes, progress, completion and certificates."""
