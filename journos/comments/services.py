"""Writes with side effects on comments. Every change of what readers see goes through here.

For the moderation work (journos/comments/moderation.py, the admin queue):
- `set_status(comment, status, *, by=None)`: the ONE way to change a comment's status (approve, reject,
  back to pending). It saves, recounts the article's public comments and purges every cache that shows them.
- `set_hidden_by_reports(comment, hidden, *, by=None)`: hide or show again after reports (a moderator's
  decision clears it through set_status as well).
- `comment_changed(comment)`: purge what shows this comment (called by the functions above; call it after any
  other write that changes what readers see).
"""
