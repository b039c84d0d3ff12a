"""Getting to know Wegwijzer: the guided tour (:mod:`bot.onboarding.tour`), the quiz
(:mod:`bot.onboarding.quiz`) and the progress through both (:mod:`bot.onboarding.progress`,
SQLite, no message text)."""
