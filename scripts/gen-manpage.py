#!/usr/bin/env python3
"""Write a man page (roff, section 1) for a swift-argument-parser executable.

The page is generated from the argument parser itself: `BINARY --experimental-dump-help` prints
the whole command tree as JSON (swift-argument-parser's ToolInfo), so every subcommand, option,
default and allowed value on the page is the one the binary accepts. swift-argument-parser's own
`generate-manual` plugin rebuilds the whole package in its own configuration, which would double
the static release build; this script reads the same data from the binary just built.

Usage: scripts/gen-manpage.py BINARY [--date YYYY-MM-DD] [--version V] > NAME.1
"""
import argparse
import datetime
import json
import subprocess
import sys


def esc(text):
    """Escape text for roff: backslashes, and a leading dot or apostrophe."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    lines = []
    for line in text.split("\n"):
        if line.startswith((".", "'")):
            line = "\\&" + line
        lines.append(line)
    return "\n".join(lines)


def names(arg):
    out = []
    for n in arg.get("names", []):
        if n["kind"] == "long":
            out.append("--" + n["name"])
        elif n["kind"] == "short":
            out.append("-" + n["name"])
        elif n["kind"] == "longWithSingleDash":
            out.append("-" + n["name"])
    return out


def visible(items):
    return [i for i in items or [] if i.get("shouldDisplay", True)]


def arg_label(arg):
    if arg["kind"] == "positional":
        label = "\\fI" + esc(arg.get("valueName", "arg")) + "\\fR"
        return label + ("..." if arg.get("isRepeating") else "")
    label = ", ".join("\\fB" + esc(n) + "\\fR" for n in names(arg))
    if arg["kind"] == "option":
        label += " \\fI" + esc(arg.get("valueName", "value")) + "\\fR"
    return label


def synopsis(path, cmd):
    parts = ["\\fB" + esc(" ".join(path)) + "\\fR"]
    for a in visible(cmd.get("arguments")):
        if a["kind"] == "positional":
            s = arg_label(a)
        else:
            s = "\\fB" + esc((names(a) or ["?"])[0]) + "\\fR"
            if a["kind"] == "option":
                s += " \\fI" + esc(a.get("valueName", "value")) + "\\fR"
        parts.append("[" + s + "]" if a.get("isOptional") else s)
    return " ".join(parts)


def describe_args(cmd, out):
    for a in visible(cmd.get("arguments")):
        out.append(".TP")
        out.append(arg_label(a))
        text = a.get("abstract", "")
        if a.get("discussion"):
            text += "\n" + a["discussion"]
        extra = []
        if a.get("defaultValue") not in (None, ""):
            extra.append("default: " + a["defaultValue"])
        if a.get("isRepeating") and a["kind"] != "positional" and "repeatable" not in text:
            extra.append("repeatable")
        if extra:
            text += " (" + "; ".join(extra) + ")"
        out.append(esc(text.strip()) or ".")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("binary")
    p.add_argument("--date", default=datetime.date.today().isoformat())
    p.add_argument("--version", default="")
    opts = p.parse_args()
    info = json.loads(subprocess.run([opts.binary, "--experimental-dump-help"], check=True,
                                     capture_output=True, text=True).stdout)
    root = info["command"]
    name = root["commandName"]
    out = [
        '.TH "%s" "1" "%s" "%s %s" "User Commands"' % (name.upper(), opts.date, name, opts.version),
        ".SH NAME",
        "%s \\- %s" % (esc(name), esc(root.get("abstract", ""))),
        ".SH SYNOPSIS",
        synopsis([name], root),
    ]
    subs = [s for s in visible(root.get("subcommands")) if s["commandName"] != "help"]
    if subs:
        out.append(".br")
        out.append("\\fB%s\\fR \\fIsubcommand\\fR [\\fIoptions\\fR]" % esc(name))
    out.append(".SH DESCRIPTION")
    out.append(esc(root.get("discussion") or root.get("abstract", "")))
    if root.get("defaultSubcommand"):
        out.append(".PP")
        out.append("Without a subcommand, \\fB%s\\fR runs \\fB%s %s\\fR." %
                   (esc(name), esc(name), esc(root["defaultSubcommand"])))
    if visible(root.get("arguments")):
        out.append(".SH OPTIONS")
        describe_args(root, out)
    if subs:
        out.append(".SH SUBCOMMANDS")

    def walk(cmd, path):
        out.append(".SS " + esc(" ".join(path)))
        out.append(synopsis(path, cmd))
        out.append(".PP")
        out.append(esc(cmd.get("abstract", "")))
        if cmd.get("discussion"):
            out.append(".PP")
            out.append(esc(cmd["discussion"]))
        describe_args(cmd, out)
        for s in visible(cmd.get("subcommands")):
            if s["commandName"] != "help":
                walk(s, path + [s["commandName"]])

    for s in subs:
        walk(s, [name, s["commandName"]])
    out += [
        ".SH EXIT STATUS",
        ".TP", "0", "No open finding at or above \\fB\\-\\-fail\\-on\\fR (default: error).",
        ".TP", "1", "At least one open finding at or above \\fB\\-\\-fail\\-on\\fR.",
        ".TP", "2", "%s could not do its job: bad arguments, an unreadable path, an invalid config or rule pack." % esc(name),
        ".SH SHELL COMPLETION",
        "\\fB%s \\-\\-generate\\-completion\\-script\\fR \\fIbash\\fR|\\fIzsh\\fR|\\fIfish\\fR prints a completion script." % esc(name),
        ".SH SEE ALSO",
        "The README and docs/ shipped with %s (in /usr/share/doc/%s after installing the Debian package)." % (esc(name), esc(name)),
    ]
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
