"""Learning in the site: study pages, flashcards, quiz, certificates, understanding per unit."""
