// Renders Volcengine TLS alarm templates with pongo2 (Debian's golang-github-flosch-pongo2.v4-dev),
// the Django-syntax engine whose dialect TLS documents (volcengine.com/docs/6470/163075, 6470/1219479;
// ../shared/ALERT-SOURCES.md §5). TLS adds functions of its own, implemented here from that
// documentation: toJson, toPrettyJson, toString. Reads a JSON array of {"template", "variables",
// "tojson"} on stdin (one process renders a whole property run) and writes [{"body"} | {"error"}].
//
// How TLS's toJson encodes is unconfirmed, so "tojson" picks a plausible behaviour: "marshal"
// (Go's encoding/json, which escapes < > & and U+2028/U+2029) or "nohtml" (SetEscapeHTML(false)).
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/flosch/pongo2"
)

type input struct {
	Template  string                 `json:"template"`
	Variables map[string]interface{} `json:"variables"`
	ToJSON    string                 `json:"tojson"`
}

func encoder(mode string, indent bool) func(v interface{}) (string, error) {
	return func(v interface{}) (string, error) {
		if mode != "marshal" && mode != "nohtml" {
			return "", fmt.Errorf("unknown tojson mode %q", mode)
		}
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(mode == "marshal")
		if indent {
			enc.SetIndent("", "  ")
		}
		if err := enc.Encode(v); err != nil {
			return "", err
		}
		return strings.TrimSuffix(b.String(), "\n"), nil
	}
}

func render(in input) (string, error) {
	tmpl, err := pongo2.FromString(in.Template)
	if err != nil {
		return "", err
	}
	ctx := pongo2.Context{}
	for name, value := range in.Variables {
		ctx[name] = value
	}
	ctx["toJson"] = encoder(in.ToJSON, false)
	ctx["toPrettyJson"] = encoder(in.ToJSON, true)
	ctx["toString"] = func(v interface{}) string { return fmt.Sprint(v) }
	return tmpl.Execute(ctx)
}

func main() {
	var jobs []input
	dec := json.NewDecoder(os.Stdin)
	dec.UseNumber()
	if err := dec.Decode(&jobs); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	answers := make([]map[string]string, len(jobs))
	for i, job := range jobs {
		body, err := render(job)
		if err != nil {
			answers[i] = map[string]string{"error": err.Error()}
		} else {
			answers[i] = map[string]string{"body": body}
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(answers); err != nil {
		os.Exit(2)
	}
}
