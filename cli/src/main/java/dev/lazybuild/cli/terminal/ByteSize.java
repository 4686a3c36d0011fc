package dev.lazybuild.cli.terminal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** A size as users write it ({@code 10G}, {@code 512M}, {@code 1.5T}, {@code 0}; powers of 1024) and as we print it. */
public record ByteSize(long bytes) {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)(?:i?b)?");
    private static final String UNITS = "KMGTP";

    public static ByteSize parse(String text) {
        Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a size: write e.g. 10G, 500M, 2048K or 0");
        }
        double n = Double.parseDouble(m.group(1));
        int power = m.group(2).isEmpty() ? 0 : UNITS.indexOf(m.group(2).toUpperCase(Locale.ROOT)) + 1;
        return new ByteSize((long) (n * Math.pow(1024, power)));
    }

    /** {@code 1.5 GiB}, {@code 312 B}. */
    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        int unit = -1;
        while (v >= 1024 && unit < UNITS.length() - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %siB", v, UNITS.charAt(unit));
    }

    /** Lets picocli read {@code --max-size}. */
    public static final class Converter implements CommandLine.ITypeConverter<ByteSize> {
        @Override
        public ByteSize convert(String value) {
            return parse(value);
        }
    }
}
