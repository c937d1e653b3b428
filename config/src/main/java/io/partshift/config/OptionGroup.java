package io.partshift.config;

/** The sections options are grouped under in CLI help and in docs/options.md, in the order they are shown. */
public enum OptionGroup {
    CONNECTION("Connection"),
    TARGET("Target"),
    PARTITIONING("Partitioning"),
    LIFECYCLE("Partition lifecycle"),
    COPY("Copy"),
    LAG("Lag"),
    CUTOVER("Cutover"),
    OUTPUT("Output");

    private final String title;

    OptionGroup(String title) {
        this.title = title;
    }

    /** The heading shown above the group's options. */
    public String title() {
        return title;
    }
}
