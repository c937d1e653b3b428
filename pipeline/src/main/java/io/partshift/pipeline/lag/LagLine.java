package io.partshift.pipeline.lag;

import io.partshift.config.LogFormat;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Formats a {@link LagReport} as one logfmt or JSON line; field names are the runbook's. */
public final class LagLine {
    private LagLine() {
    }

    public static String format(LagReport r, LogFormat format) {
        Map<String, Object> f = fields(r);
        return format == LogFormat.JSON ? json(f) : logfmt(f);
    }

    static Map<String, Object> fields(LagReport r) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("phase", r.phase().toLowerCase(Locale.ROOT));
        f.put("copied", r.copiedRows());
        f.put("total", r.estimatedRows());
        f.put("pct", round1(r.percentCopied()));
        f.put("copy_rows_s", Math.round(r.copyRowsPerSecond()));
        f.put("applied_s", Math.round(r.appliedPerSecond()));
        f.put("applied", r.appliedEvents());
        f.put("lag_bytes", r.lagBytes());
        f.put("lag_ms", r.lagMillis().isPresent() ? r.lagMillis().getAsLong() : null);
        f.put("wal_retained_bytes", r.retainedWalBytes());
        f.put("throttle", r.throttle());
        f.put("eta_s", r.etaSeconds().isPresent() ? r.etaSeconds().getAsLong() : null);
        f.put("converged", r.converged());
        return f;
    }

    private static String logfmt(Map<String, Object> fields) {
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            String text = v == null ? "" : String.valueOf(v);
            sb.append(k).append('=').append(text.matches("[^\\s\"=]*") ? text : '"' + text.replace("\"", "\\\"") + '"');
        });
        return sb.toString();
    }

    private static String json(Map<String, Object> fields) {
        StringBuilder sb = new StringBuilder("{");
        fields.forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"').append(k).append("\":");
            if (v == null) {
                sb.append("null");
            } else if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else {
                sb.append('"').append(String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        });
        return sb.append('}').toString();
    }

    private static double round1(double v) {
        return Math.round(v * 10.0) / 10.0;
    }
}
