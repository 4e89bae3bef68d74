package importer

import (
	"strconv"
	"strings"
)

// billableWords are yes and no as the tools write a billable flag: Toggl and
// Kimai up to 2.25 in the exporting person's language, the others in
// English or as 1 and 0. Keys are lower case.
var billableWords = map[string]bool{
	"yes": true, "y": true, "true": true, "1": true, "x": true,
	"no": false, "n": false, "false": false, "0": false,
	"ja": true, "nein": false, "nee": false, "nej": false, "nei": false, // German, Dutch, Scandinavian
	"oui": true, "non": false, // French
	"sí": true, "si": true, "sì": true, // Spanish, Italian (their no is no)
	"sim": true, "não": false, "nao": false, // Portuguese
	"tak": true, "nie": false, // Polish (Ukrainian так is below)
	"ano": true, "áno": true, "ne": false, // Czech, Slovak, Slovenian, Croatian
	"kyllä": true, "ei": false, "jah": true, // Finnish, Estonian
	"igen": true, "nem": false, // Hungarian
	"da": true, "nu": false, // Romanian, Croatian, Serbian, Slovenian
	"evet": true, "hayır": false, // Turkish
	"ναι": true, "όχι": false, // Greek
	"да": true, "нет": false, "не": false, "так": true, "ні": false, // Russian, Bulgarian, Ukrainian
	"はい": true, "いいえ": false, // Japanese
	"是": true, "否": false, // Chinese
	"예": true, "네": true, "아니오": false, "아니요": false, // Korean
	"có": true, "không": false, // Vietnamese
	"ya": true, "tidak": false, // Indonesian
}

// readBillable reads a billable flag. known is false for a value that is
// neither a yes nor a no above; an empty value is a known no. Kimai 1
// writes a billable percentage (0%, 50%, 100%): any share is billable.
func readBillable(s string) (billable, known bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return false, true
	}
	if v, ok := billableWords[s]; ok {
		return v, true
	}
	if p, ok := strings.CutSuffix(s, "%"); ok {
		if v, err := strconv.ParseFloat(strings.TrimSpace(p), 64); err == nil && v >= 0 {
			return v > 0, true
		}
	}
	return false, false
}

// hashedBillable is the billable flag as imports before the localised
// words read it. Row hashes keep it, so that a file imported then (a
// Spanish Toggl export whose Sí was read as no) imports again as nothing
// rather than as a second copy of each row.
func hashedBillable(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "true", "1", "y", "ja", "oui", "x":
		return true
	}
	return false
}
