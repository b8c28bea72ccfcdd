package io.jobservice.scheduling;

import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import java.util.TreeSet;

import org.quartz.CronExpression;

/**
 * A periodic job's cron spec in Harbor's grammar (contract 5.1: robfig/cron v3 with six fields, seconds first,
 * {@code ?}, names, an optional {@code TZ=}/{@code CRON_TZ=} prefix, UTC by default), translated to a Quartz cron
 * expression. Each field is parsed into the exact set of values robfig would match and written out as a Quartz
 * list, so both fire at the same times. A spec Quartz cannot express (days of month and of week both restricted,
 * which robfig reads as "either") is refused.
 */
public final class CronSpec {

    private record Field(String name, int min, int max, List<String> names) {
    }

    private static final Field SECONDS = new Field("seconds", 0, 59, List.of());
    private static final Field MINUTES = new Field("minutes", 0, 59, List.of());
    private static final Field HOURS = new Field("hours", 0, 23, List.of());
    private static final Field DAY_OF_MONTH = new Field("day of month", 1, 31, List.of());
    private static final Field MONTH = new Field("month", 1, 12,
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"));
    private static final Field DAY_OF_WEEK = new Field("day of week", 0, 6,
            List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"));

    /** How far back {@link #latestAtOrBefore} looks: about two years. */
    private static final long MAX_LOOK_BACK_SECONDS = 1L << 26;

    private final String quartz;
    private final ZoneId zone;
    private final CronExpression expression;

    private CronSpec(String quartz, ZoneId zone, CronExpression expression) {
        this.quartz = quartz;
        this.zone = zone;
        this.expression = expression;
    }

    /**
     * Parses a spec.
     *
     * @throws IllegalArgumentException with the parser's message when the spec is invalid or not expressible
     */
    public static CronSpec parse(String spec) {
        String raw = spec == null ? "" : spec;
        raw.chars().filter(c -> Character.isISOControl(c) && c != '\t').findFirst().ifPresent(c -> {
            // String.trim() would drop a trailing NUL and store a spec no Go node can read
            throw new IllegalArgumentException(String.format("control character U+%04X is not allowed", c));
        });
        String text = raw.strip();
        ZoneId zone = ZoneId.of("UTC");
        if (text.startsWith("TZ=") || text.startsWith("CRON_TZ=")) {
            int space = text.indexOf(' ');
            String zoneName = text.substring(text.indexOf('=') + 1, space < 0 ? text.length() : space);
            try {
                zone = ZoneId.of(zoneName);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("provided bad location " + zoneName + ": " + e.getMessage());
            }
            text = space < 0 ? "" : text.substring(space + 1).trim();
        }
        if (text.startsWith("@")) {
            throw new IllegalArgumentException("descriptors such as " + text.split(" ")[0] + " are not accepted");
        }
        String[] fields = text.isEmpty() ? new String[0] : text.split("\\s+");
        if (fields.length != 6) {
            throw new IllegalArgumentException("expected exactly 6 fields, found " + fields.length + ": [" + text + "]");
        }
        TreeSet<Integer> seconds = values(fields[0], SECONDS);
        TreeSet<Integer> minutes = values(fields[1], MINUTES);
        TreeSet<Integer> hours = values(fields[2], HOURS);
        TreeSet<Integer> dom = values(fields[3], DAY_OF_MONTH);
        TreeSet<Integer> months = values(fields[4], MONTH);
        TreeSet<Integer> dow = values(fields[5], DAY_OF_WEEK);
        boolean domAny = isAny(fields[3]);
        boolean dowAny = isAny(fields[5]);
        if (!domAny && !dowAny) {
            throw new IllegalArgumentException("day of month and day of week are both restricted, which fires on"
                    + " either; Quartz cannot express that: use '?' or '*' in one of them");
        }
        String quartzDom = domAny ? (dowAny ? "*" : "?") : list(dom, DAY_OF_MONTH, 0);
        // Quartz numbers days of week 1 (SUN) to 7 (SAT), robfig 0 to 6
        String quartzDow = dowAny ? "?" : list(dow, DAY_OF_WEEK, 1);
        String quartz = String.join(" ", list(seconds, SECONDS, 0), list(minutes, MINUTES, 0), list(hours, HOURS, 0),
                quartzDom, list(months, MONTH, 0), quartzDow);
        CronExpression expression;
        try {
            expression = new CronExpression(quartz);
        } catch (ParseException e) {
            throw new IllegalArgumentException("Quartz cannot express it: " + e.getMessage());
        }
        expression.setTimeZone(TimeZone.getTimeZone(zone));
        if (expression.getNextValidTimeAfter(new Date(0)) == null) {
            // e.g. 30 February: Quartz could never schedule it, and a policy that cannot fire is a mistake
            throw new IllegalArgumentException("it never fires: no date matches [" + text + "]");
        }
        return new CronSpec(quartz, zone, expression);
    }

    /** The problem with a spec, or null when it is valid (for submit validation). */
    public static String problemWith(String spec) {
        try {
            parse(spec);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** The Quartz cron expression, fields separated by spaces. */
    public String quartzExpression() {
        return quartz;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The first fire time strictly after {@code time}, or null. */
    public Instant nextAfter(Instant time) {
        Date next = expression.getNextValidTimeAfter(Date.from(time));
        return next == null ? null : next.toInstant();
    }

    /**
     * The latest fire time at or before {@code now} and not before {@code notBefore}, or null: the one catch-up
     * fire after downtime. Searches backwards in doubling steps, so it costs a few evaluations for any cron.
     */
    public Instant latestAtOrBefore(Instant now, Instant notBefore) {
        for (long back = 1; back < MAX_LOOK_BACK_SECONDS; back *= 2) {
            Instant from = now.minusSeconds(back);
            Instant next = nextAfter(from);
            if (next != null && !next.isAfter(now)) {
                Instant last = next;
                for (Instant n = nextAfter(last); n != null && !n.isAfter(now); n = nextAfter(last)) {
                    last = n;
                }
                return last.isBefore(notBefore) ? null : last;
            }
            if (from.isBefore(notBefore)) {
                return null;
            }
        }
        return null;
    }

    private static boolean isAny(String field) {
        return field.equals("*") || field.equals("?");
    }

    private static TreeSet<Integer> values(String field, Field spec) {
        TreeSet<Integer> values = new TreeSet<>();
        for (String part : field.split(",", -1)) {
            addRange(part, spec, values);
        }
        return values;
    }

    private static void addRange(String part, Field field, TreeSet<Integer> values) {
        String range = part;
        int step = 1;
        int slash = part.indexOf('/');
        if (slash >= 0) {
            range = part.substring(0, slash);
            step = number(part.substring(slash + 1), field);
            if (step <= 0) {
                throw new IllegalArgumentException("step of range should be a positive number: " + part);
            }
        }
        int low;
        int high;
        if (range.equals("*") || range.equals("?")) {
            low = field.min();
            high = field.max();
        } else {
            int dash = range.indexOf('-', 1);
            low = value(dash < 0 ? range : range.substring(0, dash), field);
            high = dash < 0 ? (slash >= 0 ? field.max() : low) : value(range.substring(dash + 1), field);
        }
        if (low < field.min()) {
            throw new IllegalArgumentException("beginning of range (" + low + ") below minimum (" + field.min() + "): " + part);
        }
        if (high > field.max()) {
            throw new IllegalArgumentException("end of range (" + high + ") above maximum (" + field.max() + "): " + part);
        }
        if (low > high) {
            throw new IllegalArgumentException("beginning of range (" + low + ") beyond end of range (" + high + "): " + part);
        }
        for (int v = low; v <= high; v += step) {
            values.add(v);
        }
    }

    private static int value(String text, Field field) {
        int index = field.names().indexOf(text.toUpperCase(Locale.ROOT));
        return index >= 0 ? index + field.min() : number(text, field);
    }

    private static int number(String text, Field field) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("failed to parse int from " + text + " in the " + field.name() + " field");
        }
    }

    /** The values as a Quartz list, or {@code *} when they cover the whole field. */
    private static String list(TreeSet<Integer> values, Field field, int offset) {
        if (values.size() == field.max() - field.min() + 1) {
            return "*";
        }
        StringBuilder out = new StringBuilder();
        for (int v : values) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(v + offset);
        }
        return out.toString();
    }
}
