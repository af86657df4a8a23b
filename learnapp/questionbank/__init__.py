"""The question bank: trainers and administrators convert GIFT and Aiken files and download published quizzes."""
