"""Use cases: the one answer to each question both front ends ask.

- `check`: what is wrong with a destination, its key stores and trust stores included;
- `PasswordSource`: which password a destination uses for a property;
- `prepare_upload`: what goes into an upload, what was left out and what is missing;
- `Session`: one destination being edited, with its private undo history.

The command line and the editor call these, never the lower modules' pieces for the same
question, so that both give the same answer.
"""
