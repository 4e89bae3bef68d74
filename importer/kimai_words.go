package importer

import "strings"

// kimaiColumn is what a column of a Kimai export holds.
type kimaiColumn int

const (
	kDate        kimaiColumn = iota
	kStart                   // the start time (Kimai 2 From, Kimai 1 In)
	kEnd                     // the end time (To, Out)
	kDuration                // Kimai 2: seconds, decimal hours or h:mm, by version
	kClock                   // Kimai 1's h:m: 1:30
	kHours                   // Kimai 1's Time: decimal hours, 1.50
	kUser                    // the login name (Kimai 2.28 to 2.34: the display name)
	kName                    // the display name
	kEmail                   // Kimai 2.37 on
	kCustomer                // the client
	kProject                 //
	kActivity                // the task
	kDescription             //
	kComment                 // Kimai 1
	kBillable                // yes/no (Kimai 2 to 2.25), 1 or empty (2.28 on), 0%-100% (Kimai 1)
	kimaiColumns
)

// kimaiLanguages are the languages whose Kimai column names are read.
const kimaiLanguages = "English, German, French, Dutch, Spanish, Italian, Portuguese, Polish, Swedish, Danish, Norwegian, Finnish and Czech"

// kimaiNames are the header words Kimai writes for each column, in the
// languages above, lower case. Kimai names each column in the exporting
// person's language: Kimai 2 from the keys date, begin, end, duration,
// name/alias, username, email, customer, project, activity, description and
// billable of translations/messages.<lang>.xlf (2.0 to 2.65; some words
// changed between versions, and both are here), Kimai 1 from datum, in, out,
// time, timelabel, username, customer, project, activity, description,
// comment and billable of language/<lang>.php, English where a language
// has no word. No word names two kinds of column, and no column these
// exports write that is not read (rates, tags, numbers) uses one of them
// (TestKimaiNames).
var kimaiNames = [kimaiColumns][]string{
	kDate:  {"date", "datum", "dato", "data", "fecha", "día", "päivämäärä", "päiväys"},
	kStart: {"from", "in", "von", "de", "van", "da", "entrada", "entrée", "inizio", "início", "od", "fra", "från", "ind", "inn", "alkaen", "sisään", "začít"},
	kEnd: {"to", "out", "bis", "à", "a", "tot", "aan", "para", "salida", "sortie", "fine", "fim", "do", "til", "till", "ud", "ut",
		"saakka", "ulos", "ukončit"},
	kDuration: {"duration", "dauer", "durée", "duur", "duración", "durata", "duração", "czas trwania", "längd", "varaktighet",
		"varighed", "varighet", "kesto", "doba trvání"},
	kClock: {"h:m", "h'm", "u:min", "u'm", "t:m", "t'm"},
	kHours: {"time", "zeit", "temps", "tijd", "tiempo", "orario", "tempo", "czas", "tid", "aika", "čas"},
	kUser: {"user", "username", "benutzer", "identifiant", "nom d'utilisateur", "usager", "gebruiker", "gebruikersnaam", "usuario",
		"nombre de usuario", "utente", "nome do utilizador", "usuário", "nome de usuário", "nome do usuário",
		"użytkownik", "nazwa użytkownika", "användare", "användarnamn", "bruger", "brugernavn", "bruker", "brukernavn",
		"käyttäjä", "tunnus", "uživatelské jméno"},
	kName:     {"name", "nom", "naam", "nombre", "nome", "nazwa", "namn", "navn", "nimi", "jméno"},
	kEmail:    {"email", "e-mail", "courriel", "correo electrónico", "e-post", "sähköposti"},
	kCustomer: {"customer", "kunde", "client", "klant", "cliente", "klient", "kund", "asiakas", "zákazník"},
	kProject:  {"project", "projekt", "projet", "proyecto", "progetto", "projeto", "projecto", "prosjekt", "projekti"},
	kActivity: {"activity", "tätigkeit", "activité", "tâche", "activiteit", "actividad", "attività", "azione", "atividade", "tarefa",
		"aktywność", "zadanie", "aktivitet", "uppgift", "opgave", "oppgave", "työtehtävä", "aktivita", "aktivity", "task"},
	kDescription: {"description", "beschreibung", "beschrijving", "omschrijving", "descripción", "descrizione", "descrição",
		"opis", "beskrivning", "beskrivelse", "kuvaus", "popis"},
	kComment: {"comment", "kommentar", "commentaire", "commentaar", "comentario", "commento", "comentário", "notatka",
		"kommentoi", "komentář"},
	kBillable: {"billable", "abrechenbar", "verrechenbar", "facturable", "facturation", "factureerbaar", "declarabel",
		"fatturabile", "faturável", "płatne", "debiterbar", "fakturerbar", "fakturérbar", "laskutettava", "zpoplatnitelné"},
}

// kimaiWords maps each word of kimaiNames to its column.
var kimaiWords = func() map[string]kimaiColumn {
	m := map[string]kimaiColumn{}
	for c, words := range kimaiNames {
		for _, w := range words {
			m[w] = kimaiColumn(c)
		}
	}
	return m
}()

// kimaiHeader finds each kind of column in a Kimai header, the first of
// its kind where two columns share a word; -1 is absent.
func kimaiHeader(h header) [kimaiColumns]int {
	var at [kimaiColumns]int
	for i := range at {
		at[i] = -1
	}
	for i, name := range h.names {
		if c, ok := kimaiWords[strings.ToLower(strings.TrimSpace(name))]; ok && at[c] < 0 {
			at[c] = i
		}
	}
	return at
}
