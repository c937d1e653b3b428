package io.partshift.config;

/** Whether the swap happens as soon as the shadow is converged and verified, or waits for the operator. */
public enum CutoverMode {
    AUTO, POSTPONE
}
