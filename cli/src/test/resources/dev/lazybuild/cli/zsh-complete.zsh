# Usage: zsh -f zsh-complete.zsh SCRIPT WORKDIR LINE EXPECTED
# Types LINE and TAB into an interactive zsh in a pseudo-terminal (zsh/zpty), with SCRIPT
# loaded after compinit, and prints what the terminal showed, without escape sequences.
# It reads until EXPECTED has appeared and the terminal is quiet (or 60 s have passed), so a
# slow machine waits longer instead of failing on a fixed sleep.
zmodload zsh/zpty zsh/datetime
zpty z 'zsh -f -i'
zpty -w z "PROMPT='> '; autoload -U compinit; compinit -u -d $2/zcompdump; source $1"
zpty -w -n z "$3"$'\t'
all=""
deadline=$(( EPOCHSECONDS + 60 ))
while (( EPOCHSECONDS < deadline )); do
  if zpty -r -t z chunk; then all+=$chunk; continue; fi
  clean=$(print -r -- "$all" | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' | tr -d '\r\a')
  [[ $clean == *"$4"* ]] && break
  sleep 0.1
done
# What arrives right after the expected text (the rest of a listing) is read too.
sleep 0.2
while zpty -r -t z chunk; do all+=$chunk; done
print -r -- "$all" | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' | tr -d '\r\a'
zpty -d z
