package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	tcli "github.com/taokit/taokit/internal/cli"
)

func newCompletionCommand() *cli.Command {
	return &cli.Command{
		Name:  "completion",
		Usage: "print a shell completion script (bash, zsh or fish)",
		UsageText: `source <(taoctl completion bash)
   taoctl completion zsh > "${fpath[1]}/_taoctl"
   taoctl completion fish > ~/.config/fish/completions/taoctl.fish`,
		ArgsUsage: "bash|zsh|fish",
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return tcli.Usagef("give one shell: bash, zsh or fish")
			}
			w := c.App.Writer
			switch c.Args().First() {
			case "bash":
				_, err := fmt.Fprint(w, bashCompletion)
				return err
			case "zsh":
				_, err := fmt.Fprint(w, zshCompletion)
				return err
			case "fish":
				s, err := c.App.ToFishCompletion()
				if err != nil {
					return err
				}
				_, err = fmt.Fprint(w, s)
				return err
			}
			return tcli.Usagef("unknown shell %q (want bash, zsh or fish)", c.Args().First())
		},
	}
}

// The scripts are urfave/cli's autocomplete/bash_autocomplete and
// zsh_autocomplete with the program name filled in: the shell asks taoctl
// itself (--generate-bash-completion) for the words that fit.
const bashCompletion = `_taoctl_complete() {
  local cur opts
  COMPREPLY=()
  cur="${COMP_WORDS[COMP_CWORD]}"
  if [[ "$cur" == "-"* ]]; then
    opts=$("${COMP_WORDS[@]:0:$COMP_CWORD}" "${cur}" --generate-bash-completion 2>/dev/null)
  else
    opts=$("${COMP_WORDS[@]:0:$COMP_CWORD}" --generate-bash-completion 2>/dev/null)
  fi
  COMPREPLY=($(compgen -W "${opts}" -- "${cur}"))
  return 0
}
complete -o bashdefault -o default -o nospace -F _taoctl_complete taoctl
`

const zshCompletion = `#compdef taoctl

_taoctl() {
  local -a opts
  local cur
  cur=${words[-1]}
  if [[ "$cur" == "-"* ]]; then
    opts=("${(@f)$(${words[@]:0:#words[@]-1} ${cur} --generate-bash-completion)}")
  else
    opts=("${(@f)$(${words[@]:0:#words[@]-1} --generate-bash-completion)}")
  fi
  if [[ "${opts[1]}" != "" ]]; then
    _describe 'values' opts
  else
    _files
  fi
}

compdef _taoctl taoctl
`
