// Carrier translation unit for the precompiled header targets.
