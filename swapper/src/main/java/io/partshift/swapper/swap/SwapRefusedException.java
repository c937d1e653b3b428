package io.partshift.swapper.swap;

/**
 * The catalog is in a state the swap cannot carry over correctly, found while reading it, before any statement ran.
 * The message is one sentence: what is wrong and how to fix it; the migration can cut over once it is fixed.
 */
public class SwapRefusedException extends RuntimeException {
    public SwapRefusedException(String message) {
        super(message);
    }
}
