package io.partshift.cli;

import picocli.CommandLine;

/** The version from the jar's manifest (set by Maven), or "dev" when run from classes. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Partshift.class.getPackage().getImplementationVersion();
        return new String[] {"partshift " + (v == null ? "dev" : v)};
    }
}
