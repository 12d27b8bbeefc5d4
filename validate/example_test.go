package validate_test

import (
	"fmt"

	"github.com/edgeguard/edgeguard/validate"
)

func ExampleCompile() {
	isEmail, err := validate.Compile("isEmail", map[string]any{"allow_display_name": true})
	if err != nil {
		panic(err)
	}
	fmt.Println(isEmail("Ada <ada@example.com>"), isEmail("ada@"))
	// Output: true false
}

func ExampleCompileSanitizer() {
	normalize, _ := validate.CompileSanitizer("normalizeEmail")
	fmt.Println(normalize("Ada.Lovelace+news@GoogleMail.com"))
	// Output: adalovelace@gmail.com
}

func ExampleCompileConfig() {
	// An express-validator checkSchema document, unchanged.
	schema, err := validate.CompileConfig([]byte(`{
		"email":    {"in": ["body"], "isEmail": {"errorMessage": "Enter a valid e-mail"}, "normalizeEmail": true},
		"password": {"in": ["body"], "isStrongPassword": true},
		"age":      {"in": ["body"], "optional": true, "isInt": {"options": {"min": 18}}, "toInt": true}
	}`))
	if err != nil {
		panic(err)
	}
	out, _ := schema.ValidateJSON([]byte(`{"body": {"email": "ada@", "password": "hunter2", "age": "36"}}`))
	fmt.Println(string(out))
	// express-validator runs the fields' chains concurrently and reports a
	// chain when it finishes: password (one rule) before email (two).
	// Output: {"errors":[{"type":"field","value":"[REDACTED]","msg":"Invalid value","path":"password","location":"body","code":"is_strong_password"},{"type":"field","value":"ada@","msg":"Enter a valid e-mail","path":"email","location":"body","code":"is_email"}],"data":{"age":36}}
}
