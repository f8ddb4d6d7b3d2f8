"""Reading what a person types as the answer to the question the bot asked.

Each question has a kind of answer (yes or no, a name, an age or school year, a decision...). The
readers here take the person's own words, as typed on a phone, and return that answer or None
when the words do not give it. They never guess at a different question's answer: a "yes" read at
the date's "Is that right?" can only ever confirm the date.
"""
