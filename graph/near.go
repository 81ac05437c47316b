package graph

import (
	"strings"
	"unicode"
)

// nearIndex finds the known id nearest to a mistyped one: first by a loose
// form (letters and digits only, leading zeros of numbers dropped, so "dc3"
// finds "DC-03"), then by edit distance.
type nearIndex struct {
	ids   []string
	keys  []string
	loose map[string]string
}

func newNearIndex(ids []string) *nearIndex {
	ni := &nearIndex{ids: ids, keys: make([]string, len(ids)), loose: make(map[string]string, len(ids))}
	for i, id := range ids {
		ni.keys[i] = Key(id)
		l := looseForm(id)
		if _, ok := ni.loose[l]; !ok {
			ni.loose[l] = id
		}
	}
	return ni
}

func looseForm(s string) string {
	var b strings.Builder
	prevDigit := false
	zeros := 0
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsDigit(r):
			if r == '0' && !prevDigit {
				zeros++
				continue
			}
			prevDigit = true
			zeros = 0
			b.WriteRune(r)
		case unicode.IsLetter(r):
			if zeros > 0 {
				b.WriteByte('0')
			}
			zeros = 0
			prevDigit = false
			b.WriteRune(r)
		default:
			if zeros > 0 {
				b.WriteByte('0')
			}
			zeros = 0
			prevDigit = false
		}
	}
	if zeros > 0 {
		b.WriteByte('0')
	}
	return b.String()
}

func (ni *nearIndex) nearest(key string) string {
	if id, ok := ni.loose[looseForm(key)]; ok {
		return id
	}
	limit := len(key)/3 + 1
	if limit > 3 {
		limit = 3
	}
	best, bestD := "", limit+1
	for i, k := range ni.keys {
		d := len(k) - len(key)
		if d < 0 {
			d = -d
		}
		if d >= bestD {
			continue
		}
		if dist := editDistance(key, k, bestD); dist < bestD {
			best, bestD = ni.ids[i], dist
		}
	}
	return best
}

// editDistance is the Levenshtein distance of a and b, or max when it is max
// or more.
func editDistance(a, b string, max int) int {
	if len(a) > 64 || len(b) > 64 {
		if a == b {
			return 0
		}
		return max
	}
	var prev, cur [65]int
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := prev[j-1] + cost
			if prev[j]+1 < v {
				v = prev[j] + 1
			}
			if cur[j-1]+1 < v {
				v = cur[j-1] + 1
			}
			cur[j] = v
			if v < rowMin {
				rowMin = v
			}
		}
		if rowMin >= max {
			return max
		}
		prev = cur
	}
	if prev[len(b)] < max {
		return prev[len(b)]
	}
	return max
}
