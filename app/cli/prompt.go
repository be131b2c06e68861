package cli

import (
	"bufio"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/term"
)

// secret reads a password from the environment variable or, on a terminal,
// from a prompt that does not echo.
func (env *Env) secret(envVar, prompt string) (string, error) {
	if v := env.Getenv(envVar); v != "" {
		return v, nil
	}
	if env.Stdin == nil || !term.IsTerminal(int(env.Stdin.Fd())) {
		return "", fmt.Errorf("no terminal to ask for the password: set %s", envVar)
	}
	fmt.Fprint(env.Stderr, prompt)
	b, err := term.ReadPassword(int(env.Stdin.Fd()))
	fmt.Fprintln(env.Stderr)
	if err != nil {
		return "", fmt.Errorf("read the password: %w", err)
	}
	return string(b), nil
}

// newSecret asks for a new password twice.
func (env *Env) newSecret(envVar, what string) (string, error) {
	if v := env.Getenv(envVar); v != "" {
		return v, nil
	}
	a, err := env.secret(envVar, "New password for "+what+": ")
	if err != nil {
		return "", err
	}
	b, err := env.secret(envVar, "Type it again: ")
	if err != nil {
		return "", err
	}
	if a != b {
		return "", errors.New("the two passwords differ; nothing was changed")
	}
	return a, nil
}

// line reads one line (the recovery key, which the user copies from paper).
func (env *Env) line(envVar, prompt string) (string, error) {
	if v := env.Getenv(envVar); v != "" {
		return v, nil
	}
	if env.Stdin == nil || !term.IsTerminal(int(env.Stdin.Fd())) {
		return "", fmt.Errorf("no terminal to ask for it: set %s", envVar)
	}
	fmt.Fprint(env.Stderr, prompt)
	s, err := bufio.NewReader(env.Stdin).ReadString('\n')
	return strings.TrimSpace(s), err
}
