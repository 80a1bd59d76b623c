/*
 * yaml-events: the floor for lintas's parse time.
 *
 * Parses one YAML file with libyaml's event API (what lintas's loader sits on), counts the events
 * and prints the count. No tree, no model, no rules: comparing `lintas check` with this program
 * shows how much time lintas spends above bare parsing.
 *
 * Build: cc -O2 Benchmarks/yaml-events.c -lyaml -o Benchmarks/.out/yaml-events
 * Use:   Benchmarks/.out/yaml-events FILE      (prints the event count)
 * Exit:  0 parsed, 1 parse error (message with 1-based line:column on stderr), 2 usage/IO error.
 */
#include <stdio.h>
#include <yaml.h>

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE\n", argv[0]);
        return 2;
    }
    FILE *file = fopen(argv[1], "rb");
    if (file == NULL) {
        perror(argv[1]);
        return 2;
    }
    /* A large stdio buffer: libyaml reads through fread in small chunks. */
    static char buffer[1 << 20];
    setvbuf(file, buffer, _IOFBF, sizeof buffer);

    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        fprintf(stderr, "%s: cannot initialise libyaml\n", argv[0]);
        fclose(file);
        return 2;
    }
    yaml_parser_set_input_file(&parser, file);

    unsigned long long count = 0;
    int status = 0;
    for (;;) {
        yaml_event_t event;
        if (!yaml_parser_parse(&parser, &event)) {
            const char *problem = parser.problem ? parser.problem : "parse error";
            if (parser.error == YAML_READER_ERROR) {
                /* Reader errors (bad encoding) carry a byte offset, not a mark. */
                fprintf(stderr, "%s: byte %zu: %s", argv[1], parser.problem_offset, problem);
            } else {
                fprintf(stderr, "%s:%zu:%zu: %s", argv[1], parser.problem_mark.line + 1,
                        parser.problem_mark.column + 1, problem);
            }
            if (parser.context) {
                fprintf(stderr, " (%s at %zu:%zu)", parser.context, parser.context_mark.line + 1,
                        parser.context_mark.column + 1);
            }
            fputc('\n', stderr);
            status = 1;
            break;
        }
        count++;
        int done = event.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&event);
        if (done) {
            break;
        }
    }
    yaml_parser_delete(&parser);
    fclose(file);
    if (status == 0) {
        printf("%llu\n", count);
    }
    return status;
}
