// Command k8s-yaml prints, for each input file, the JSON that Kubernetes'
// own YAML decoding produces for each document of it: the stream is split at
// `---` lines as kubectl's YAMLReader does, and each document goes through
// sigs.k8s.io/yaml.YAMLToJSON (go-yaml v2, YAML 1.1 scalars), as
// `kubectl apply` and the API server's YAML decoder do.
//
// Usage: k8s-yaml FILE...   (or file paths on standard input, one a line)
//
// Output: one JSON object a line, {"path":…, "docs":[…]} or {"path":…, "error":"…"};
// empty documents are left out, as kubectl skips them.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"sigs.k8s.io/yaml"
)

type result struct {
	Path  string            `json:"path"`
	Docs  []json.RawMessage `json:"docs,omitempty"`
	Error string            `json:"error,omitempty"`
}

// split cuts a stream at separator lines the way k8s.io/apimachinery's YAMLReader does:
// a line starting with `---` followed only by spaces or a comment.
func split(data []byte) ([][]byte, error) {
	var docs [][]byte
	var cur bytes.Buffer
	for _, line := range bytes.SplitAfter(data, []byte("\n")) {
		if bytes.HasPrefix(line, []byte("---")) {
			rest := strings.TrimSpace(string(line[3:]))
			if len(rest) > 0 && rest[0] != '#' {
				return nil, fmt.Errorf("invalid yaml document separator: %s", rest)
			}
			docs = append(docs, cur.Bytes())
			cur = bytes.Buffer{}
			continue
		}
		cur.Write(line)
	}
	return append(docs, cur.Bytes()), nil
}

func convert(path string) result {
	data, err := os.ReadFile(path)
	if err != nil {
		return result{Path: path, Error: err.Error()}
	}
	chunks, err := split(data)
	if err != nil {
		return result{Path: path, Error: err.Error()}
	}
	out := result{Path: path, Docs: []json.RawMessage{}}
	for _, chunk := range chunks {
		j, err := yaml.YAMLToJSON(chunk)
		if err != nil {
			return result{Path: path, Error: err.Error()}
		}
		if string(j) == "null" {
			continue
		}
		out.Docs = append(out.Docs, j)
	}
	return out
}

func main() {
	paths := os.Args[1:]
	if len(paths) == 0 {
		scanner := bufio.NewScanner(os.Stdin)
		for scanner.Scan() {
			if line := strings.TrimSpace(scanner.Text()); line != "" {
				paths = append(paths, line)
			}
		}
	}
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	for _, p := range paths {
		if err := enc.Encode(convert(p)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
}
