# Reading and changing one setting in a compose `.env` file (NAME=value lines), for
# scripts/deploy.sh. Comments, blank lines and every other setting stay as they are.

# Prints the value of NAME (the last `NAME=` line wins, as in compose), without surrounding
# quotes; nothing when it is unset or commented out.
dotenv_get() {
    local file=$1 name=$2
    awk -v name="$name" '
        index($0, name "=") == 1 { value = substr($0, length(name) + 2); found = 1 }
        END {
            if (!found) exit
            sub(/\r$/, "", value)
            if (value ~ /^".*"$/ || value ~ /^\x27.*\x27$/) value = substr(value, 2, length(value) - 2)
            print value
        }' "$file"
}

# Sets NAME=VALUE: every `NAME=` line becomes the new one; appended when there is none. The
# file is replaced in one step (a copy with the same owner and mode, then renamed), so a
# failure half-way never leaves a cut `.env`. VALUE must not hold a newline.
dotenv_set() {
    local file=$1 name=$2 value=$3 tmp
    case $value in *$'\n'*) echo "dotenv_set: $name: a value cannot hold a newline" >&2; return 1 ;; esac
    tmp=$(mktemp "$file.XXXXXX") || return 1
    cp -p "$file" "$tmp" || { rm -f "$tmp"; return 1; }
    NAME=$name VALUE=$value awk '
        BEGIN { name = ENVIRON["NAME"]; line = name "=" ENVIRON["VALUE"] }
        index($0, name "=") == 1 { print line; done = 1; next }
        { print }
        END { if (!done) print line }' "$file" >"$tmp" || { rm -f "$tmp"; return 1; }
    mv "$tmp" "$file"
}
