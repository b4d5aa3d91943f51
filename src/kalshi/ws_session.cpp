// Placeholder: filled in by the work in progress on issue 3.
