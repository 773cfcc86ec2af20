"""Small helpers for the product's wording, shared by every app."""


def in_sentence(name: str) -> str:
    """A reference-list name as it reads mid-sentence: "Run charts" reads "run charts";
    "SPC charts" and "Model for Improvement" keep their capitals."""
    if any(character.isupper() for character in name[1:]):
        return name
    return name[:1].lower() + name[1:]
