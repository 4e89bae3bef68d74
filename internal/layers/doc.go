// Package layers holds no code: its test keeps the dependency direction
// cmd → api → game → tracking → database (adapters beside game) by
// failing when a lower package imports a higher one.
package layers
