package validate

// digitsOf converts an ASCII digit string (already checked by a pattern) to ints.
func digitsOf(s string) []int {
	d := make([]int, len(s))
	for i := 0; i < len(s); i++ {
		d[i] = int(s[i] - '0')
	}
	return d
}

// reverseMultiplyAndSum is validator.js's util/algorithms helper: Σ d[i]·(base-i).
func reverseMultiplyAndSum(d []int, base int) int {
	total := 0
	for i, v := range d {
		total += v * (base - i)
	}
	return total
}

// luhnValid is the Luhn (mod 10) check over an ASCII digit string.
func luhnValid(s string) bool {
	sum, second := 0, false
	for i := len(s) - 1; i >= 0; i-- {
		c := s[i]
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
		if second {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		second = !second
	}
	return sum%10 == 0
}
