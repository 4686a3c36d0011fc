# Usage: zsh -f zsh-complete.zsh SCRIPT WORKDIR LINE
# Types LINE and TAB into an interactive zsh in a pseudo-terminal (zsh/zpty), with SCRIPT
# loaded after compinit, and prints what the terminal showed, without escape sequences.
zmodload zsh/zpty
zpty z 'zsh -f -i'
zpty -w z "PROMPT='> '; autoload -U compinit; compinit -u -d $2/zcompdump; source $1"
zpty -w -n z "$3"$'\t'
sleep 2
all=""
while zpty -r -t z chunk; do all+=$chunk; done
print -r -- "$all" | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' | tr -d '\r\a'
zpty -d z
