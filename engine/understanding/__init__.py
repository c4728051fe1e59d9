"""Understanding what people type: the phrase language, reading text into clauses, and the rules
built on them (listening). Below the safety net and the conversation; depends only on the ground."""
