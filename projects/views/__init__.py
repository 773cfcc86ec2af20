"""Project pages. Views are thin: access through projects.permissions, reads through
projects.selectors, writes through projects.services."""
