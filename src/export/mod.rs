//! export stage (in progress).
