package validate

import (
	"strconv"
	"strings"
	"time"
)

// isIdentityCard: national identity numbers, ported from validator.js
// src/lib/isIdentityCard.js (one function per locale, checksums included).

func init() {
	registerValidators(map[string]compileFunc{
		"isIdentityCard": func(a args) (Func, error) {
			loc := ToString(a.at(0))
			if f, ok := identityCards[loc]; ok {
				return f, nil
			}
			if loc == "any" {
				return func(s string) bool {
					for _, f := range identityCards {
						if f(s) {
							return true
						}
					}
					return false
				}, nil
			}
			return nil, optErr("invalid locale %q", loc)
		},
	})
}

// allDigits reports whether s is non-empty ASCII digits.
func allDigits(s string) bool { return isDigits(s) }

var (
	idES     = re(`^[0-9X-Z][0-9]{7}[TRWAGMYFPDXBNJZSQVHLCKE]$`)
	idFI     = re(`^\d{6}[\-A\+]\d{3}[0-9ABCDEFHJKLMNPRSTUVWXY]{1}$`)
	idIN     = re(`^[1-9]\d{3}[` + jsSpace + `]?\d{4}[` + jsSpace + `]?\d{4}$`)
	idIT     = re(`(?is)C[A-Z]\d{5}[A-Z]{2}`)
	idTH     = re(`^[1-8]\d{12}$`)
	idLKOld  = re(`(?i)^[1-9]\d{8}[vx]$`)
	idLKNew  = re(`^[1-9]\d{11}$`)
	idLY     = re(`^(1|2)\d{11}$`)
	idTN     = re(`^\d{8}$`)
	idCN15   = re(`^[1-9]\d{7}((0[1-9])|(1[0-2]))((0[1-9])|([1-2][0-9])|(3[0-1]))\d{3}$`)
	idCN18   = re(`^[1-9]\d{5}[1-9]\d{3}((0[1-9])|(1[0-2]))((0[1-9])|([1-2][0-9])|(3[0-1]))\d{3}(\d|x|X)$`)
	idCNAny  = re(`^\d{15}|(\d{17}(\d|x|X))$`)
	idHK     = re(`^[A-Z]{1,2}[0-9]{6}((\([0-9A]\))|(\[[0-9A]\])|([0-9A]))$`)
	idTW     = re(`^[A-Z][0-9]{9}$`)
	idPK     = re(`^[1-7][0-9]{4}-[0-9]{7}-[1-9]$`)
	idSpaces = re(`[` + jsSpace + `]`)
)

var verhoeffD = [10][10]int{{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
	{3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1}, {6, 5, 9, 8, 7, 1, 0, 4, 3, 2},
	{7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}}

var verhoeffP = [8][10]int{{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
	{8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1}, {2, 7, 9, 3, 8, 0, 6, 4, 1, 5},
	{7, 0, 4, 6, 9, 1, 3, 2, 5, 8}}

// verhoeffValid is the Verhoeff check over ASCII digits.
func verhoeffValid(s string) bool {
	c := 0
	for i := 0; i < len(s); i++ {
		d := int(s[len(s)-1-i] - '0')
		c = verhoeffD[c][verhoeffP[i%8][d]]
	}
	return c == 0
}

var cnProvinces = wordSet("11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 91")

func cnBirthday(code string) bool {
	y, _ := strconv.Atoi(code[:4])
	m, _ := strconv.Atoi(code[4:6])
	d, _ := strconv.Atoi(code[6:])
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.After(nowFunc()) {
		return false
	}
	return t.Year() == y && int(t.Month()) == m && t.Day() == d
}

var identityCards = map[string]Func{
	"PL": func(s string) bool {
		if len(s) != 11 || !allDigits(s) {
			return false
		}
		w := []int{1, 3, 7, 9, 1, 3, 7, 9, 1, 3}
		sum := 0
		for i, wt := range w {
			sum += int(s[i]-'0') * wt
		}
		mod, last := sum%10, int(s[10]-'0')
		return mod == 0 && last == 0 || last == 10-mod
	},
	"ES": func(s string) bool {
		s = strings.ToUpper(jsTrim(s))
		if !idES.MatchString(s) {
			return false
		}
		num := strings.NewReplacer("X", "0", "Y", "1", "Z", "2").Replace(s[:8])
		n, _ := strconv.Atoi(num)
		return s[8] == "TRWAGMYFPDXBNJZSQVHLCKE"[n%23]
	},
	"FI": func(s string) bool {
		if len(s) != 11 || !idFI.MatchString(s) {
			return false
		}
		a, _ := strconv.Atoi(s[:6])
		b, _ := strconv.Atoi(s[7:10])
		return "0123456789ABCDEFHJKLMNPRSTUVWXY"[(a*1000+b)%31] == s[10]
	},
	"IN": func(s string) bool {
		s = jsTrim(s)
		if !idIN.MatchString(s) {
			return false
		}
		return verhoeffValid(idSpaces.compiled().ReplaceAllString(s, ""))
	},
	"IR": func(s string) bool {
		if len(s) != 10 || !allDigits(s) {
			return false
		}
		if s[3:9] == "000000" {
			return false
		}
		sum := 0
		for i := 0; i < 9; i++ {
			sum += int(s[i]-'0') * (10 - i)
		}
		sum %= 11
		last := int(s[9] - '0')
		return sum < 2 && last == sum || sum >= 2 && last == 11-sum
	},
	"IT": func(s string) bool {
		return len(s) == 9 && s != "CA00000AA" && idIT.MatchString(s)
	},
	"NO": func(s string) bool {
		s = jsTrim(s)
		if len(s) != 11 || !allDigits(s) || s == "00000000000" {
			return false
		}
		f := digitsOf(s)
		k1 := (11 - (3*f[0]+7*f[1]+6*f[2]+1*f[3]+8*f[4]+9*f[5]+4*f[6]+5*f[7]+2*f[8])%11) % 11
		k2 := (11 - (5*f[0]+4*f[1]+3*f[2]+2*f[3]+7*f[4]+6*f[5]+5*f[6]+4*f[7]+3*f[8]+2*k1)%11) % 11
		return k1 == f[9] && k2 == f[10]
	},
	"TH": func(s string) bool {
		if !idTH.MatchString(s) {
			return false
		}
		sum := 0
		for i := 0; i < 12; i++ {
			sum += int(s[i]-'0') * (13 - i)
		}
		return int(s[12]-'0') == (11-sum%11)%10
	},
	"LK": func(s string) bool {
		return len(s) == 10 && idLKOld.MatchString(s) || len(s) == 12 && idLKNew.MatchString(s)
	},
	"he-IL": func(s string) bool {
		s = jsTrim(s)
		if len(s) != 9 || !allDigits(s) {
			return false
		}
		sum := 0
		for i := 0; i < 9; i++ {
			n := int(s[i]-'0') * (i%2 + 1)
			if n > 9 {
				n -= 9
			}
			sum += n
		}
		return sum%10 == 0
	},
	"ar-LY": func(s string) bool { return idLY.MatchString(jsTrim(s)) },
	"ar-TN": func(s string) bool { return idTN.MatchString(jsTrim(s)) },
	"zh-CN": func(s string) bool {
		if !idCNAny.MatchString(s) {
			return false
		}
		if len(s) == 15 {
			return idCN15.MatchString(s) && cnProvinces[s[:2]] && cnBirthday("19"+s[6:12])
		}
		if !idCN18.MatchString(s) || !cnProvinces[s[:2]] || !cnBirthday(s[6:14]) {
			return false
		}
		powers := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
		sum := 0
		for i, p := range powers {
			sum += int(s[i]-'0') * p
		}
		return "10X98765432"[sum%11] == strings.ToUpper(s[17:18])[0]
	},
	"zh-HK": func(s string) bool {
		s = strings.ToUpper(jsTrim(s))
		if !idHK.MatchString(s) {
			return false
		}
		s = strings.NewReplacer("[", "", "]", "", "(", "", ")", "").Replace(s)
		if len(s) == 8 {
			s = "3" + s
		}
		sum := 0
		for i := 0; i <= 7; i++ {
			v := int(s[i] - '0')
			if s[i] < '0' || s[i] > '9' {
				v = (int(s[i]) - 55) % 11
			}
			sum += v * (9 - i)
		}
		sum %= 11
		want := strconv.Itoa(11 - sum)
		switch sum {
		case 0:
			want = "0"
		case 1:
			want = "A"
		}
		return want == s[len(s)-1:]
	},
	"zh-TW": func(s string) bool {
		s = strings.ToUpper(jsTrim(s))
		if !idTW.MatchString(s) {
			return false
		}
		codes := map[byte]int{'A': 10, 'B': 11, 'C': 12, 'D': 13, 'E': 14, 'F': 15, 'G': 16, 'H': 17, 'I': 34, 'J': 18,
			'K': 19, 'L': 20, 'M': 21, 'N': 22, 'O': 35, 'P': 23, 'Q': 24, 'R': 25, 'S': 26, 'T': 27, 'U': 28, 'V': 29,
			'W': 32, 'X': 30, 'Y': 31, 'Z': 33}
		code := codes[s[0]]
		sum := code%10*9 + code/10
		for i := 1; i < 9; i++ {
			sum += int(s[i]-'0') * (9 - i)
		}
		return (10-sum%10-int(s[9]-'0'))%10 == 0
	},
	"PK": func(s string) bool { return idPK.MatchString(jsTrim(s)) },
}
