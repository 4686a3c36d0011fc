# Usage: zsh -f zsh-complete.zsh SCRIPT WORKDIR LINE AWAITED
# Types LINE and TAB into an interactive zsh in a pseudo-terminal (zsh/zpty), with SCRIPT
# loaded after compinit, and prints what the terminal showed, without escape sequences, as
# soon as it shows AWAITED (at most 60 s: a slow machine needs more than a fixed wait).
zmodload zsh/zpty
zpty z 'zsh -f -i'
zpty -w z "PROMPT='> '; autoload -U compinit; compinit -u -d $2/zcompdump; source $1"
zpty -w -n z "$3"$'\t'
all=""
shown() { print -r -- "$all" | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' | tr -d '\r\a' }
for i in {1..600}; do
  while zpty -r -t z chunk; do all+=$chunk; done
  shown | grep -qF -- "$4" && break
  sleep 0.1
done
shown
zpty -d z
