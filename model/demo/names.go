package demo

// culture groups names that occur together in one family: a Luo given name
// rarely comes with a Spanish surname, and the duplicate detector is only
// tested fairly when names look like those of a real catchment.
type culture struct {
	female, male, family []string
	// doubleSurname is the share of people who carry two family names
	// (paternal and maternal), which clerks then drop or reorder.
	doubleSurname float64
	// teknonyms: mothers are known in the village as "Mama <child>", and
	// that is the name they sometimes give at the desk.
	teknonyms bool
}

// cultures, weighted by cultureWeights: a mainly East African catchment with
// South Asian and Latin American families, as the product ships to all three.
var cultures = []culture{
	{female: eaFemale, male: eaMale, family: eaFamily, teknonyms: true},
	{female: saFemale, male: saMale, family: saFamily},
	{female: laFemale, male: laMale, family: laFamily, doubleSurname: 0.4},
}

var cultureWeights = []float64{0.6, 0.2, 0.2}

// East African (Ugandan, Kenyan, Tanzanian) names, including the Christian
// and Muslim given names that are as common there as local ones.
var eaFemale = []string{
	"Nakato", "Babirye", "Nankya", "Namubiru", "Nalwoga", "Nabirye", "Namukasa", "Nansubuga", "Nakimuli", "Nassali",
	"Nakku", "Nalubega", "Namutebi", "Nabukenya", "Nakalema", "Nanyonga", "Kisakye", "Kobusingye", "Ainembabazi", "Atuhaire",
	"Kyomuhendo", "Ninsiima", "Akankwasa", "Natukunda", "Achieng", "Atieno", "Akinyi", "Adhiambo", "Awino", "Anyango",
	"Auma", "Apio", "Akello", "Adong", "Amito", "Lamunu", "Aciro", "Aber", "Acen", "Alanyo",
	"Wanjiru", "Wambui", "Njeri", "Wanjiku", "Nyambura", "Wairimu", "Muthoni", "Njoki", "Wangari", "Wangui",
	"Chebet", "Jepkoech", "Jeptoo", "Chepkemoi", "Cherono", "Jerop", "Kerubo", "Moraa", "Kwamboka", "Nyaboke",
	"Mwanaisha", "Mwajuma", "Zawadi", "Neema", "Rehema", "Upendo", "Imani", "Halima", "Amina", "Aisha",
	"Fatuma", "Zainab", "Mariam", "Salma", "Grace", "Sarah", "Esther", "Ruth", "Rebecca", "Florence",
	"Margaret", "Josephine", "Harriet", "Scovia", "Brenda", "Sylvia", "Prossy", "Annet", "Immaculate", "Betty",
	"Agnes", "Beatrice", "Christine", "Doreen", "Eunice", "Faith", "Gloria", "Irene", "Juliet", "Lydia",
	"Mercy", "Olivia", "Patience", "Peace", "Rose", "Stella", "Teddy", "Winnie", "Jane", "Mary",
	"Catherine", "Dorcas", "Joyce", "Hellen", "Lilian", "Pauline", "Elizabeth", "Proscovia", "Jackline", "Zoë",
}

var eaMale = []string{
	"Okello", "Otieno", "Ochieng", "Odhiambo", "Omondi", "Onyango", "Ouma", "Owino", "Oduor", "Opiyo",
	"Ojok", "Opio", "Okot", "Ocen", "Odongo", "Olweny", "Obura", "Kiprono", "Kipchoge", "Kiprotich",
	"Kipkemboi", "Kibet", "Cheruiyot", "Kiplagat", "Kimutai", "Langat", "Mwangi", "Kamau", "Njoroge", "Kariuki",
	"Maina", "Githinji", "Mugo", "Waweru", "Ngugi", "Kimani", "Mutua", "Musyoka", "Kioko", "Wafula",
	"Wekesa", "Barasa", "Simiyu", "Mugisha", "Tumwine", "Byaruhanga", "Asiimwe", "Mugabe", "Twinomujuni", "Kato",
	"Waiswa", "Ssemakula", "Ssebunya", "Kizza", "Mukasa", "Lubega", "Kiggundu", "Musoke", "Wasswa", "Juma",
	"Hamisi", "Baraka", "Bakari", "Rashidi", "Salim", "Hassan", "Abdallah", "Ibrahim", "Yusuf", "Musa",
	"Joseph", "Moses", "John", "Peter", "Paul", "Samuel", "Daniel", "David", "Emmanuel", "Patrick",
	"Robert", "Richard", "Charles", "Francis", "Geoffrey", "Godfrey", "Henry", "Isaac", "James", "Joel",
	"Julius", "Lawrence", "Martin", "Michael", "Ronald", "Simon", "Stephen", "Vincent", "Denis", "Brian",
	"Ivan", "Benjamin", "Christopher", "Edward", "Fred", "George", "Andrew", "Anthony", "Frederick", "Jimmy",
}

var eaFamily = []string{
	"Okello", "Otieno", "Ochieng", "Odhiambo", "Omondi", "Onyango", "Ouma", "Owino", "Oduor", "Opiyo",
	"Ojok", "Opio", "Okot", "Ocen", "Odongo", "Olweny", "Obura", "Achieng", "Atieno", "Akinyi",
	"Auma", "Apio", "Akello", "Adong", "Kiprono", "Kiprotich", "Kipkemboi", "Kibet", "Cheruiyot", "Kiplagat",
	"Kimutai", "Langat", "Chebet", "Jepkoech", "Koech", "Rotich", "Korir", "Kosgei", "Mwangi", "Kamau",
	"Njoroge", "Kariuki", "Maina", "Githinji", "Mugo", "Waweru", "Ngugi", "Kimani", "Wanjiru", "Wambui",
	"Njeri", "Mutua", "Musyoka", "Kioko", "Mutiso", "Wafula", "Wekesa", "Barasa", "Simiyu", "Wanyama",
	"Nakato", "Namubiru", "Nalwoga", "Nabirye", "Namukasa", "Nansubuga", "Nakimuli", "Nalubega", "Namutebi", "Nabukenya",
	"Nanyonga", "Ssemakula", "Ssebunya", "Ssekandi", "Ssewankambo", "Ssentongo", "Ssemwanga", "Kizza", "Mukasa", "Lubega",
	"Kiggundu", "Musoke", "Kasozi", "Kigozi", "Lwanga", "Mugerwa", "Mulindwa", "Mutebi", "Nsubuga", "Sserwadda",
	"Wasswa", "Kato", "Waiswa", "Mugisha", "Tumwine", "Byaruhanga", "Asiimwe", "Mugabe", "Twinomujuni", "Ainembabazi",
	"Atuhaire", "Kyomuhendo", "Tumusiime", "Ninsiima", "Natukunda", "Kobusingye", "Bainomugisha", "Turyahabwe", "Tukahirwa", "Mwesigwa",
	"Mbabazi", "Byamukama", "Mutungi", "Katusiime", "Ayebare", "Kamugisha", "Baguma", "Kiiza", "Isabirye", "Mukama",
	"Bamwine", "Mwinyi", "Juma", "Hamisi", "Bakari", "Mohamedi", "Mrisho", "Massawe", "Mushi", "Kimaro",
	"Lyimo", "Swai", "Shirima", "Temu", "Mollel", "Laizer", "Mwakyusa", "Mwakalinga", "Mwansasu", "Kapinga",
	"Komba", "Ngowi", "Mbwana", "Mfinanga", "Nyirenda", "Magezi", "Nabwire", "Wabwire", "Mudondo", "Kakooza",
}

// South Asian names (India, Bangladesh, Pakistan, Nepal, Sri Lanka).
var saFemale = []string{
	"Priya", "Lakshmi", "Sunita", "Anita", "Kavita", "Pooja", "Rekha", "Meena", "Geeta", "Sita",
	"Radha", "Savitri", "Parvati", "Durga", "Kamala", "Shanti", "Asha", "Usha", "Nisha", "Divya",
	"Deepa", "Anjali", "Neha", "Pushpa", "Saraswati", "Rani", "Lata", "Manju", "Suman", "Shobha",
	"Fatima", "Ayesha", "Nasreen", "Shabana", "Rukhsana", "Farzana", "Tahmina", "Rashida", "Nazma", "Rabia",
	"Sultana", "Bilkis", "Hasina", "Mumtaz", "Kulsum", "Jahanara", "Gurpreet", "Harpreet", "Manpreet", "Jaspreet",
	"Simran", "Malathi", "Revathi", "Selvi", "Vijaya", "Padma", "Bhagya", "Yamuna", "Tulsi", "Champa",
	"Bimla", "Kamla", "Sarita", "Mamta", "Sabina", "Dilrukshi",
}

var saMale = []string{
	"Ramesh", "Suresh", "Mahesh", "Rajesh", "Ganesh", "Dinesh", "Mukesh", "Rakesh", "Naresh", "Umesh",
	"Rajendra", "Ravi", "Vijay", "Sanjay", "Ajay", "Anil", "Sunil", "Ashok", "Arjun", "Krishna",
	"Gopal", "Shankar", "Mohan", "Sohan", "Ram", "Shyam", "Hari", "Bhola", "Ramu", "Raju",
	"Venkatesh", "Srinivas", "Murugan", "Senthil", "Karthik", "Mohammed", "Abdul", "Rahim", "Karim", "Rafiq",
	"Shafiq", "Salim", "Anwar", "Iqbal", "Imran", "Jamal", "Nasir", "Habib", "Harjit", "Gurdeep",
	"Manjit", "Baldev", "Kiran", "Deepak", "Amit", "Rohit", "Sandeep", "Pradeep", "Prakash", "Santosh",
	"Bikash", "Bishnu", "Nuwan", "Chaminda",
}

var saFamily = []string{
	"Sharma", "Verma", "Gupta", "Singh", "Kumar", "Yadav", "Patel", "Shah", "Mehta", "Joshi",
	"Pandey", "Mishra", "Tiwari", "Dubey", "Chauhan", "Rathore", "Thakur", "Chaudhary", "Reddy", "Rao",
	"Naidu", "Iyer", "Nair", "Menon", "Pillai", "Krishnan", "Subramanian", "Raman", "Das", "Bose",
	"Ghosh", "Mukherjee", "Chatterjee", "Banerjee", "Sen", "Dutta", "Roy", "Mondal", "Sarkar", "Biswas",
	"Khan", "Ahmed", "Hossain", "Rahman", "Islam", "Uddin", "Ali", "Hussain", "Begum", "Akhter",
	"Khatun", "Sheikh", "Mia", "Chowdhury", "Siddiqui", "Ansari", "Qureshi", "Malik", "Butt", "Gill",
	"Sandhu", "Dhillon", "Grewal", "Sidhu", "Shrestha", "Thapa", "Gurung", "Tamang", "Rai", "Magar",
	"Karki", "Adhikari", "Bhattarai", "Perera", "Fernando", "Jayasinghe", "Bandara", "Wickramasinghe", "Dissanayake", "Herath",
}

// Latin American names, with accents as they are written on ID cards, and
// Andean and Mayan surnames common in rural clinics.
var laFemale = []string{
	"María", "Ana", "Rosa", "Carmen", "Juana", "Guadalupe", "Lucía", "Sofía", "Isabel", "Teresa",
	"Marta", "Elena", "Patricia", "Verónica", "Gabriela", "Daniela", "Valentina", "Camila", "Andrea", "Paola",
	"Adriana", "Claudia", "Silvia", "Beatriz", "Inés", "Mónica", "Leticia", "Yolanda", "Dolores", "Consuelo",
	"Esperanza", "Rocío", "Araceli", "Maribel", "Yesenia", "Xiomara", "Zoë", "Noemí", "Raquel", "Julia",
	"Luz", "Fernanda", "Ximena", "Mariana", "Alejandra", "Jimena", "Milagros", "Soledad", "Marisol", "Graciela",
	"Catalina", "Belén", "Reyna", "Flor", "Antonia", "Francisca", "Concepción", "Eugenia",
}

var laMale = []string{
	"José", "Juan", "Luis", "Carlos", "Jorge", "Miguel", "Pedro", "Francisco", "Manuel", "Antonio",
	"Jesús", "Alejandro", "Fernando", "Ricardo", "Roberto", "Eduardo", "Javier", "Sergio", "Raúl", "Ramón",
	"Andrés", "Óscar", "Héctor", "Rubén", "Víctor", "Martín", "Tomás", "Joaquín", "Julián", "Sebastián",
	"Nicolás", "Matías", "Diego", "Santiago", "Mateo", "Alberto", "Arturo", "Hugo", "Ernesto", "Rafael",
	"Gerardo", "Guillermo", "Enrique", "Felipe", "Ignacio", "Marco", "Pablo", "Rodrigo", "Salvador", "Agustín",
	"Efraín", "Germán", "Wilmer", "Edwin", "Darwin", "Jhon", "Yeison", "Brayan",
}

var laFamily = []string{
	"García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez", "Sánchez", "Ramírez", "Torres",
	"Flores", "Rivera", "Gómez", "Díaz", "Cruz", "Morales", "Reyes", "Gutiérrez", "Ortiz", "Chávez",
	"Ramos", "Ruiz", "Jiménez", "Mendoza", "Vargas", "Castillo", "Álvarez", "Romero", "Herrera", "Medina",
	"Aguilar", "Moreno", "Vásquez", "Castro", "Muñoz", "Nuñez", "Núñez", "Rojas", "Guzmán", "Salazar",
	"Peña", "Ibáñez", "Quispe", "Mamani", "Huamán", "Condori", "Choque", "Ticona", "Apaza", "Chambi",
	"Pop", "Xol", "Caal", "Choc", "Tzul", "Velásquez", "Espinoza", "Fuentes", "Cárdenas", "Sandoval",
	"Delgado", "Cabrera", "Campos", "Vega", "Cortés", "Ríos", "Paredes", "Villalobos", "Bustamante", "Figueroa",
	"Zúñiga", "Ochoa", "Benítez", "Acosta", "Serrano", "Silva",
}

// nicknames a patient gives at the desk instead of the name on the card.
var nicknames = map[string]string{
	"José": "Pepe", "Francisco": "Paco", "Jesús": "Chucho", "Guadalupe": "Lupe", "Ignacio": "Nacho",
	"Alejandro": "Alex", "Roberto": "Beto", "Eduardo": "Lalo", "Dolores": "Lola", "Manuel": "Manolo",
	"Antonio": "Toño", "Enrique": "Quique", "Guillermo": "Memo", "Rosa": "Rosita", "María": "Mari",
	"Consuelo": "Chelo", "Soledad": "Sole", "Graciela": "Chela", "Concepción": "Concha", "Alberto": "Beto",
	"Joseph": "Joe", "Emmanuel": "Emma", "Benjamin": "Ben", "Christopher": "Chris", "Samuel": "Sam",
	"Daniel": "Dan", "Patrick": "Pato", "Robert": "Bob", "Edward": "Eddie", "Frederick": "Fred",
	"Geoffrey": "Geoff", "Godfrey": "Godi", "Michael": "Mike", "Anthony": "Tony", "Andrew": "Andy",
	"Ronald": "Ronnie", "Stephen": "Steve", "Margaret": "Maggie", "Rebecca": "Becky", "Florence": "Flo",
	"Josephine": "Jose", "Christine": "Tina", "Catherine": "Kate", "Immaculate": "Imma", "Juliet": "Julie",
	"Lilian": "Lily", "Elizabeth": "Liz", "Proscovia": "Prossy", "Abdallah": "Abdul", "Ibrahim": "Ibra",
	"Rajesh": "Raju", "Ramesh": "Ramu", "Venkatesh": "Venky", "Srinivas": "Seenu", "Mohammed": "Md.",
	"Lakshmi": "Laxmi", "Krishna": "Kittu", "Mwanaisha": "Aisha", "Mwajuma": "Juma",
}

// district lists a district's villages; weight is how often the clinic sees
// people from there (home district first, referrals from far away rarely).
type district struct {
	region, name string
	weight       float64
	villages     []string
}

var districts = []district{
	{"Busoga", "Kamuli", 30, []string{"Balawoli", "Namasagali", "Nabwigulu", "Kitayunjwa", "Bugulumbya", "Butansi", "Kisozi"}},
	{"Busoga", "Jinja", 18, []string{"Buwenge", "Budondo", "Kakira", "Mafubira", "Butagaya", "Busedde"}},
	{"Busoga", "Iganga", 14, []string{"Nakalama", "Nambale", "Namungalwe", "Bulamagi", "Nawandala", "Nakigo"}},
	{"Busoga", "Mayuge", 9, []string{"Malongo", "Kigandalo", "Bukabooli", "Jagusi", "Baitambogwe"}},
	{"Buganda", "Mukono", 6, []string{"Nakifuma", "Kasawo", "Seeta", "Namataba", "Nama", "Ntenjeru"}},
	{"Buganda", "Wakiso", 5, []string{"Kakiri", "Namayumba", "Gombe", "Masulita", "Busukuma", "Kasanje"}},
	{"Buganda", "Mpigi", 2, []string{"Buwama", "Kammengo", "Nkozi", "Kituntu", "Muduuma"}},
	{"Buganda", "Masaka", 2, []string{"Kyanamukaka", "Bukakata", "Kabonera", "Mukungwe", "Buwunga"}},
	{"Lango", "Lira", 2.5, []string{"Amach", "Aromo", "Ogur", "Barr", "Agweng", "Adekokwok"}},
	{"Lango", "Apac", 1.5, []string{"Akokoro", "Chegere", "Ibuje", "Abongomola", "Apoi"}},
	{"Lango", "Oyam", 1.5, []string{"Aber", "Loro", "Minakulu", "Otwal", "Ngai", "Iceme"}},
	{"Acholi", "Gulu", 2, []string{"Awach", "Bungatira", "Paicho", "Unyama", "Palaro", "Patiko"}},
	{"Acholi", "Kitgum", 1, []string{"Mucwini", "Namokora", "Omiya Anyima", "Lagoro", "Akwang"}},
	{"Acholi", "Pader", 1, []string{"Atanga", "Laguti", "Puranga", "Acholibur", "Pajule"}},
	{"Ankole", "Mbarara", 2, []string{"Bubaare", "Rubindi", "Kagongi", "Rwanyamahembe", "Bukiro", "Kashare"}},
	{"Ankole", "Bushenyi", 1, []string{"Kyeizooba", "Bumbaire", "Kyamuhunga", "Nyabubare", "Ruhumuro"}},
	{"Ankole", "Ntungamo", 1, []string{"Rubaare", "Itojo", "Ruhaama", "Rweikiniro", "Nyakyera", "Kayonza"}},
	{"Ankole", "Isingiro", 1, []string{"Kabingo", "Masha", "Ngarama", "Birere", "Rugaaga"}},
	{"Kigezi", "Kabale", 1, []string{"Kamuganguzi", "Kitumba", "Rubaya", "Buhara", "Maziba", "Kaharo"}},
	{"Kigezi", "Kisoro", 0.5, []string{"Nyakabande", "Chahi", "Bukimbiri", "Busanza", "Nyarusiza"}},
	{"Kigezi", "Rukungiri", 0.5, []string{"Bwambara", "Nyakagyeme", "Buyanja", "Kebisoni", "Nyarushanje", "Bugangari"}},
}

// alerts shown on the banner; chosen from what registration desks record.
var alertList = []string{
	"Allergy: penicillin", "Allergy: penicillin", "Allergy: sulfonamides (co-trimoxazole)", "Allergy: aspirin",
	"Allergy: chloroquine", "Allergy: latex", "Epilepsy", "Epilepsy", "Sickle cell disease", "Sickle cell disease",
	"Diabetes on insulin", "Asthma", "Bleeding disorder", "Deaf: uses sign language", "Pacemaker",
	"Kidney disease: avoid NSAIDs",
}
