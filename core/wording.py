"""Small helpers for the product's wording, shared by every app."""


def in_sentence(name: str) -> str:
    """A reference-list name as it reads mid-sentence: "Run charts" reads "run charts";
    "SPC charts" and "Model for Improvement" keep their capitals."""
    if any(character.isupper() for character in name[1:]):
        return name
    return name[:1].lower() + name[1:]


def and_join(names: list[str]) -> str:
    """Names as a phrase mid-sentence: "run charts, SPC charts and PDSA cycles"."""
    names = [in_sentence(name) for name in names]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
