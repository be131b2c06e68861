package calendar

// ethiopian is the calendar of Ethiopia (Amete Mihret era): twelve months
// of 30 days and a thirteenth, Pagume, of 5 days, or 6 in the year before a
// Gregorian leap year. The year starts on 1 Meskerem, 11 September, or
// 12 September in the year after an Ethiopian leap year. Leap years are
// every fourth year without exception (year%4 == 3), as in the Julian
// calendar, so the start day moves against the Gregorian calendar in 2100.
type ethiopian struct{}

// ethiopianEpoch is the day number (days from 1 January 1970) of
// 1 Meskerem 1, which is 29 August 8 in the Julian calendar
// (Reingold & Dershowitz, Calendrical Calculations: fixed date 2796).
const ethiopianEpoch = 2796 - 719163

func (ethiopian) ID() string { return "ethiopian" }

func (ethiopian) ToDays(d Date) int {
	return ethiopianEpoch - 1 + 365*(d.Year-1) + floorInt(d.Year, 4) + 30*(d.Month-1) + d.Day
}

func (e ethiopian) FromDays(n int) Date {
	y := floorInt(4*(n-ethiopianEpoch)+1463, 1461)
	start := e.ToDays(Date{y, 1, 1})
	m := (n-start)/30 + 1
	return Date{y, m, n - e.ToDays(Date{y, m, 1}) + 1}
}

func (ethiopian) MonthsIn(int) int { return 13 }

func (ethiopian) DaysIn(y, m int) int {
	if m != 13 {
		return 30
	}
	if ethiopianLeap(y) {
		return 6
	}
	return 5
}

// ethiopianLeap reports a year whose Pagume has 6 days.
func ethiopianLeap(y int) bool { return ((y%4)+4)%4 == 3 }

var (
	ethiopianLatin  = []string{"Meskerem", "Tikimt", "Hidar", "Tahsas", "Tir", "Yekatit", "Megabit", "Miazia", "Ginbot", "Sene", "Hamle", "Nehase", "Pagume"}
	ethiopianNative = []string{"መስከረም", "ጥቅምት", "ኅዳር", "ታኅሣሥ", "ጥር", "የካቲት", "መጋቢት", "ሚያዝያ", "ግንቦት", "ሰኔ", "ሐምሌ", "ነሐሴ", "ጳጉሜን"}
)

func (ethiopian) MonthNames() (latin, native []string) { return ethiopianLatin, ethiopianNative }

// Aliases are the other spellings clerks use: transliterations vary, and
// Amharic has letters that sound alike (ሀ ሐ ኀ, ሠ ሰ) used interchangeably.
func (ethiopian) Aliases() map[string]int {
	return map[string]int{
		"meskeram": 1, "maskaram": 1, "mesk": 1,
		"tikemt": 2, "tekemt": 2, "tiqimt": 2, "tikimit": 2, "tik": 2,
		"hedar": 3, "hdar": 3, "hid": 3, "ሕዳር": 3, "ህዳር": 3,
		"tahisas": 4, "tahesas": 4, "takhsas": 4, "tah": 4, "ታኅሳስ": 4, "ታህሳስ": 4, "ታሕሳስ": 4,
		"ter":     5,
		"yakatit": 6, "yek": 6,
		"magabit": 7, "meg": 7,
		"miyazia": 8, "miyazya": 8, "miazya": 8, "mia": 8, "ሚያዚያ": 8,
		"genbot": 9, "gin": 9,
		"senie": 10, "senei": 10,
		"hamile": 11, "ham": 11, "ሃምሌ": 11, "ሀምሌ": 11,
		"nehasse": 12, "nahase": 12, "neh": 12, "ነሃሴ": 12, "ነሀሴ": 12,
		"pagumen": 13, "paguemen": 13, "pagume": 13, "pag": 13, "ጳጉሜ": 13,
	}
}

// floorInt divides rounding towards minus infinity.
func floorInt(a, b int) int { return int(floorDiv(int64(a), int64(b))) }
