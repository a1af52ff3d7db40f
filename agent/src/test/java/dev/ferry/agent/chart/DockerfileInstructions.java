package dev.ferry.agent.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The instructions of a Dockerfile, grouped by build stage: enough to check it statically where no Docker runs. */
final class DockerfileInstructions {
    /** One instruction: its keyword in upper case and the rest of its (joined) lines. */
    record Instruction(String keyword, String arguments) {}

    /** A build stage: the {@code FROM} image, its {@code AS} name (or null) and its instructions. */
    record Stage(String image, String name, List<Instruction> instructions) {
        List<String> arguments(String keyword) {
            return instructions.stream()
                    .filter(i -> i.keyword().equals(keyword))
                    .map(Instruction::arguments)
                    .toList();
        }
    }

    private DockerfileInstructions() {}

    static List<Stage> parse(String dockerfile) {
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        StringBuilder pending = new StringBuilder();
        for (String line : dockerfile.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.isEmpty())) {
                continue; // comments (also inside continued instructions), blank lines
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            String text = pending.toString().strip();
            pending.setLength(0);
            if (text.isEmpty()) {
                continue;
            }
            String[] parts = text.split("\\s+", 2);
            Instruction instruction =
                    new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1].strip() : "");
            if (instruction.keyword().equals("FROM")) {
                String[] from = instruction.arguments().split("\\s+");
                String name = from.length == 3 && from[1].equalsIgnoreCase("AS") ? from[2] : null;
                current = new ArrayList<>();
                stages.add(new Stage(from[0], name, current));
            } else if (current != null) {
                current.add(instruction);
            } else if (!instruction.keyword().equals("ARG")) {
                throw new IllegalArgumentException("instruction before the first FROM: " + text);
            }
        }
        return stages.stream()
                .map(s -> new Stage(s.image(), s.name(), List.copyOf(s.instructions())))
                .toList();
    }

    /** A RUN's shell command without its leading {@code --mount=…}/{@code --network=…} flags. */
    static String shellCommand(String runArguments) {
        String rest = runArguments.strip();
        while (rest.startsWith("--")) {
            int space = rest.indexOf(' ');
            rest = space < 0 ? "" : rest.substring(space + 1).strip();
        }
        return rest;
    }

    /** The words of an exec-form (JSON array) ENTRYPOINT or CMD. */
    static List<String> execForm(String arguments) {
        String text = arguments.strip();
        if (!text.startsWith("[") || !text.endsWith("]")) {
            throw new IllegalArgumentException("not in exec form: " + arguments);
        }
        List<String> words = new ArrayList<>();
        for (String part : text.substring(1, text.length() - 1).split(",")) {
            String word = part.strip();
            if (!word.startsWith("\"") || !word.endsWith("\"")) {
                throw new IllegalArgumentException("not a JSON string: " + word);
            }
            words.add(word.substring(1, word.length() - 1));
        }
        return List.copyOf(words);
    }
}
