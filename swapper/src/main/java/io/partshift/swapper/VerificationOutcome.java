package io.partshift.swapper;

/** Whether shadow and source were equal at the consistent point, and the one line that says so (or why not). */
record VerificationOutcome(boolean equal, String summary) {
}
