package dev.lazybuild.cli.command;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** A duration as users write it: {@code 7d}, {@code 12h}, {@code 30m}, {@code 45s}, {@code 2w}. */
public record Age(Duration duration) {
    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*([smhdw])");

    public static Age parse(String text) {
        Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a duration: write e.g. 7d, 12h, 30m, 2w");
        }
        long n = Long.parseLong(m.group(1));
        return new Age(switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        });
    }

    /** Lets picocli read {@code --older-than}. */
    static final class Converter implements CommandLine.ITypeConverter<Age> {
        @Override
        public Age convert(String value) {
            return parse(value);
        }
    }
}
