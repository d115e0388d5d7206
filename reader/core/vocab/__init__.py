"""The learner's words: statuses (:mod:`.store`), levels and frequency (:mod:`.levels`), article
difficulty (:mod:`.counts`, :mod:`.difficulty`), cards for Anki (:mod:`.anki`), word lists
(:mod:`.wordlists`) and the user's segmentation corrections (:mod:`.corrections`)."""
