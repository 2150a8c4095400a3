// Decodes every body into the type quicktype generated from the JSON Schema
// and encodes it again; a wrong shape must fail to decode.
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

type item struct {
	Definition string          `json:"definition"`
	Name       string          `json:"name"`
	Body       json.RawMessage `json:"body"`
}

func roundtrip(body []byte, v interface{}) error {
	if err := json.Unmarshal(body, v); err != nil {
		return err
	}
	_, err := json.Marshal(v)
	return err
}

func main() {
	raw, err := os.ReadFile("bodies.json")
	if err != nil {
		panic(err)
	}
	var items []item
	if err := json.Unmarshal(raw, &items); err != nil {
		panic(err)
	}
	failed := 0
	for _, it := range items {
		if err := decode(it.Definition, it.Body); err != nil {
			fmt.Printf("FAIL %s (%s): %v\n", it.Name, it.Definition, err)
			failed++
		}
	}
	// Negative: a list is a list.
	if decode("GetOrderStatusExtendedResponse", []byte(`{"attributes": {"name": "x"}}`)) == nil {
		fmt.Println("FAIL an object was decoded as attributes (a list)")
		failed++
	}
	// Named constants of string enumerations exist.
	_ = []PaymentSystemKnownEnum{Visa, Mastercard}
	fmt.Printf("go: %d bodies decoded, %d failed\n", len(items)-failed, failed)
	if failed > 0 {
		os.Exit(1)
	}
}
