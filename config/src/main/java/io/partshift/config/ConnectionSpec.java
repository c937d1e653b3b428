package io.partshift.config;

import java.util.Objects;
import java.util.Properties;

/**
 * Where the source database is. The password is held apart and never printed: {@link #toString()} omits it.
 */
public record ConnectionSpec(String url, String user, Secret password) {
    public ConnectionSpec {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** pgjdbc connection properties, with the password when one was given. */
    public Properties jdbcProperties() {
        Properties p = new Properties();
        p.setProperty("user", user);
        password.value().ifPresent(pw -> p.setProperty("password", pw));
        p.setProperty("ApplicationName", "partshift");
        return p;
    }

    @Override
    public String toString() {
        return "ConnectionSpec[url=" + url + ", user=" + user + ", password=" + password + "]";
    }
}
