"""Understanding a message, around Rasa's NLU pipeline.

- :mod:`bot.nlu.classifier`: the knowledge classifier (TF-IDF + linear SVM, calibrated);
- :mod:`bot.nlu.rasa_classifier`: that classifier as a Rasa component (config.yml);
- :mod:`bot.nlu.roles` and :mod:`bot.nlu.rasa_roles`: who is asking — the asker's role
  versus a role named as the other party, as a Rasa component;
- :mod:`bot.nlu.parse`: reading Rasa's parse result (the chosen and ranked entries);
- :mod:`bot.nlu.evaluation`: accuracy on the held-out sets.
"""
