package validate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"testing"
)

// decodeJSONReference is the encoding/json token-API decoder the parser
// replaced; FuzzDecodeJSON holds the parser to it.
func decodeJSONReference(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := refDecodeValue(dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("unexpected data after the JSON value")
	}
	return v, nil
}

func refDecodeValue(dec *json.Decoder, depth int) (any, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("JSON nested deeper than %d levels", maxDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			o := NewObject()
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := refDecodeValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				o.Set(kt.(string), v)
			}
			_, err := dec.Token()
			return o, err
		case '[':
			a := []any{}
			for dec.More() {
				v, err := refDecodeValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				a = append(a, v)
			}
			_, err := dec.Token()
			return a, err
		}
		return nil, fmt.Errorf("unexpected %v", t)
	case json.Number:
		f, err := strconv.ParseFloat(string(t), 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return nil, err
		}
		return f, nil
	default:
		return t, nil // string, bool, nil
	}
}

// FuzzDecodeJSON holds the hand-written parser to encoding/json: the same
// documents are accepted and give the same values, key order included.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.5e3,-0,"x\u00e9\ud83d\ude00\ud800z"],"b":{"c":null,"d":true}}`, `"\xff\xfe"`,
		`[1e999, -1e-999]`, `{"a":1,"a":2}`, ` [ ] `, `{"":""}`, `01`, `[1,]`, `"\u"`, `"a` + "\x01" + `"`, `{"a" 1}`, `1 2`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err1 := DecodeJSON(data)
		want, err2 := decodeJSONReference(data)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("%q: parser error %v, encoding/json error %v", data, err1, err2)
		}
		if err1 == nil && !bytes.Equal(EncodeJSON(got), EncodeJSON(want)) {
			t.Fatalf("%q: parser %s, encoding/json %s", data, EncodeJSON(got), EncodeJSON(want))
		}
	})
}

func TestDecodeJSON(t *testing.T) {
	for in, want := range map[string]string{
		`{"b":1,"a":[true,null,"x\"y"],"2":0}`: `{"2":0,"b":1,"a":[true,null,"x\"y"]}`,
		`"\ud83d\ude00 \ud800x"`:               `"😀 �x"`,
		`1E400`:                                `null`, // +Inf, which JSON.stringify writes as null
	} {
		v, err := DecodeJSON([]byte(in))
		if err != nil || string(EncodeJSON(v)) != want {
			t.Errorf("%s: got %s, %v; want %s", in, EncodeJSON(v), err, want)
		}
	}
	deep := bytes.Repeat([]byte("["), maxDepth+2)
	if _, err := DecodeJSON(deep); err == nil {
		t.Error("nesting over the limit accepted")
	}
}
