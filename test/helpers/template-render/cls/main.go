// Renders CLS alarm templates with Go's own text/template and the functions CLS documents
// (cloud.tencent.com/document/product/614/74718, intl 614/41984; ../shared/ALERT-SOURCES.md §4),
// implemented here from that documentation. Reads a JSON array of {"template", "variables",
// "escape"} on stdin (one process renders a whole property run).
//
// CLS documents `escape` only as JSON-string escaping; which characters it escapes is unconfirmed,
// so "escape" picks one of the plausible behaviours: "marshal" (Go's encoding/json, which also
// escapes < > & and U+2028/U+2029), "nohtml" (encoding/json with SetEscapeHTML(false)), "minimal"
// (only what JSON requires: quote, backslash, controls below U+0020).
package main

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/template"
	"time"
)

type input struct {
	Template  string                 `json:"template"`
	Variables map[string]interface{} `json:"variables"`
	Escape    string                 `json:"escape"`
}

func text(v interface{}) string {
	switch s := v.(type) {
	case nil:
		return ""
	case string:
		return s
	case json.Number:
		return s.String()
	default:
		return fmt.Sprint(s)
	}
}

func escaper(mode string) func(interface{}) (string, error) {
	return func(v interface{}) (string, error) {
		s := text(v)
		switch mode {
		case "minimal":
			var b strings.Builder
			for _, r := range s {
				switch {
				case r == '"':
					b.WriteString(`\"`)
				case r == '\\':
					b.WriteString(`\\`)
				case r < 0x20:
					fmt.Fprintf(&b, `\u%04x`, r)
				default:
					b.WriteRune(r)
				}
			}
			return b.String(), nil
		case "marshal", "nohtml":
			var b bytes.Buffer
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(mode == "marshal")
			if err := enc.Encode(s); err != nil {
				return "", err
			}
			out := strings.TrimSuffix(b.String(), "\n")
			return out[1 : len(out)-1], nil
		}
		return "", fmt.Errorf("unknown escape mode %q", mode)
	}
}

// fromUnixTime ms|s ["tz"]: default Asia/Shanghai, printed like `2022-05-30 14:50:35.008 +0800 CST`.
func fromUnixTime(v interface{}, zone ...string) (string, error) {
	var n float64
	if _, err := fmt.Sscan(text(v), &n); err != nil {
		return "", err
	}
	name := "Asia/Shanghai"
	if len(zone) > 0 {
		name = zone[0]
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		loc = time.FixedZone("CST", 8*3600)
	}
	ms := int64(n)
	if ms < 1e11 {
		ms *= 1000
	}
	return time.UnixMilli(ms).In(loc).Format("2006-01-02 15:04:05.000 -0700 MST"), nil
}

// One job per array entry; the answers, in order, as [{"body"} | {"error"}] on stdout.
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

func render(in input) (string, error) {
	funcs := template.FuncMap{
		"escape":       escaper(in.Escape),
		"fromUnixTime": fromUnixTime,
		"concat": func(parts ...interface{}) string {
			var b strings.Builder
			for _, p := range parts {
				b.WriteString(text(p))
			}
			return b.String()
		},
		"substr": func(s string, start int, length ...int) string {
			r := []rune(s)
			if start > len(r) {
				return ""
			}
			end := len(r)
			if len(length) > 0 && start+length[0] < end {
				end = start + length[0]
			}
			return string(r[start:end])
		},
		"containstr":    strings.Contains,
		"base64_encode": func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) },
		"md5":           func(s string) string { h := md5.Sum([]byte(s)); return hex.EncodeToString(h[:]) },
	}
	tmpl, err := template.New("cls").Funcs(funcs).Parse(in.Template)
	if err != nil {
		return "", err
	}
	var out bytes.Buffer
	if err := tmpl.Execute(&out, in.Variables); err != nil {
		return "", err
	}
	return out.String(), nil
}
