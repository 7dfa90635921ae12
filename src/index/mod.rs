//! index stage (in progress).
