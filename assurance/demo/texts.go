package demo

// areaText is what a Guardian might plausibly ask about one action area, how
// an executive might answer (strong and weak answers), what is missing when
// the answer is weak, and the follow-up actions a committee would agree.
//
// Placeholders in braces are filled with made-up figures: {pct} 55-95,
// {low} 12-45, {n} 2-9, {d} 0-9, {weeks} 3-14, {rate} 3.8-6.4 (a sickness
// absence rate), {month} a recent month and {quarter} a coming quarter.
type areaText struct {
	questions []string
	strong    []string // responses that would earn Substantial or Reasonable assurance
	weak      []string // responses that would earn Limited or No assurance
	gaps      []string // what is still missing, added to comments
	actions   []string
}

var areaTexts = map[string]areaText{
	"1.1": {
		questions: []string{
			"How do staff experience occupational health and the wellbeing offer as one service rather than separate teams with separate front doors?",
			"Is there a single referral route for OH, staff psychology and wellbeing, and how many referrals were passed between services last quarter?",
			"What joint governance do OH and the wellbeing team share, and which executive is accountable for both?",
		},
		strong: []string{
			"OH, the staff psychology service and the wellbeing hub moved to a single referral form in {month}; {pct}% of referrals now arrive through it. A joint service meeting reviews caseload monthly and reports to the People Committee through the Director of People.",
			"The services share one triage team and one case record. Fewer than {n}% of referrals were redirected between services last quarter, down from {low}% a year ago.",
		},
		weak: []string{
			"The services still run separate booking systems and separate intranet pages. A single front door is planned for {quarter}; until then a shared triage rota routes referrals within {n} working days.",
			"OH is contracted externally and the wellbeing team sits in HR; there is no joint governance at present.",
		},
		gaps: []string{"a single service specification covering OH, psychology and wellbeing", "feedback from staff on the new single front door"},
		actions: []string{
			"Publish a single OHWB service specification covering OH, psychology and wellbeing",
			"Report referrals redirected between services to the People Committee each quarter",
		},
	},
	"1.2": {
		questions: []string{
			"Where does the Head of OH have a voice in decisions on workforce plans, estates and service change that affect staff health?",
			"How many board and committee papers in the last year included a staff health and wellbeing impact assessment?",
			"Does OHWB have a standing item at the People Committee, and who presents it?",
		},
		strong: []string{
			"The Head of OH is a standing member of the People Committee and presents a quarterly OHWB report. Since {month} every business case includes a staff health impact section reviewed by OH; {n} cases were changed as a result.",
			"OHWB is a standing item at the People Committee and an annual report goes to the Board. OH were consulted on all {n} major service changes this year.",
		},
		weak: []string{
			"OHWB is consulted informally. Of the {n} major service changes this year, OH were involved in two. A proposal to add a wellbeing impact assessment to the business case template is with the Executive Team.",
			"There is no standing OHWB item; the service reports by exception through the workforce report.",
		},
		gaps: []string{"a wellbeing impact assessment in the business case template", "evidence that OH advice changed a decision"},
		actions: []string{
			"Add a staff health and wellbeing impact section to the business case template",
			"Invite the Head of OH to Executive Team discussions of workforce plans",
		},
	},
	"1.3": {
		questions: []string{
			"What do staff and managers say about trust in occupational health, and how is confidentiality explained to them?",
			"What are the satisfaction scores and complaint themes for OH over the last four quarters?",
			"How many managers refer staff early for support rather than only once absence has begun?",
		},
		strong: []string{
			"User feedback from {low}0 responses last quarter showed {pct}% satisfied or very satisfied. Complaint themes were waiting times and report turnaround, both with improvement plans. Confidentiality is explained at every first appointment and on the intranet.",
			"{pct}% of management referrals are now made before absence begins, up from {low}% two years ago, which the service reads as growing trust.",
		},
		weak: []string{
			"We do not routinely collect user feedback. A short survey will launch in {quarter}.",
			"Staff network feedback suggests some staff avoid OH because they fear reports go to their manager in full. The consent process is being reviewed.",
		},
		gaps: []string{"routine user feedback", "a clear explanation of what managers see in OH reports"},
		actions: []string{
			"Launch a quarterly OH user satisfaction survey and report results to the committee",
			"Publish a plain-English guide to OH confidentiality for staff and managers",
		},
	},
	"1.4": {
		questions: []string{
			"What is the recurrent budget for OHWB this year, how does it compare with last year, and what is it per head of workforce?",
			"Which ICS-level OHWB commitments has the trust signed up to, and what has it contributed?",
			"What return did the wellbeing initiatives funded from charitable funds give last year?",
		},
		strong: []string{
			"Recurrent OHWB spend is £{n}.{d}m, up {n}% on last year. The trust contributes to the ICS OH collaborative and co-funds the system staff mental health hub.",
			"The charitable funds committee receives an annual evaluation of each wellbeing grant; {pct}% of funded schemes met their stated outcomes.",
		},
		weak: []string{
			"About {low}% of the wellbeing offer depends on non-recurrent or charitable funding that ends in March. A business case for recurrent funding is being written.",
			"The trust has not yet signed the ICS OHWB commitments; the Director of People will bring a proposal in {quarter}.",
		},
		gaps: []string{"recurrent funding for the wellbeing offer", "an evaluation of what the investment achieved"},
		actions: []string{
			"Bring a business case for recurrent OHWB funding to the Finance and Performance Committee",
			"Report OHWB spend per head alongside peer trusts in the annual OHWB report",
		},
	},
	"2.1": {
		questions: []string{
			"How was the trust's OHWB needs assessment done, and did it reach night workers, estates staff, bank staff and international recruits?",
			"Is OH capacity matched to demand: what are waiting times for management referrals against the 15 working day standard?",
			"Can bank, agency and students use the OH service on the same terms as substantive staff?",
		},
		strong: []string{
			"The needs assessment in {month} used absence data, survey results and {n} focus groups including night shift and estates staff. Management referrals wait a median of {n} working days against the 15 day standard.",
			"Bank staff have had full access to OH since {month}; agency staff are covered through their agencies' contracts, which we audit annually.",
		},
		weak: []string{
			"Waiting times for management referrals have risen to {weeks} weeks. Two OH nurse vacancies are being recruited and bank staff are not yet covered.",
			"The last needs assessment was done before the pandemic and did not include bank or international staff.",
		},
		gaps: []string{"an up-to-date needs assessment", "waiting times back within the 15 working day standard"},
		actions: []string{
			"Refresh the OHWB needs assessment, including bank staff and international recruits",
			"Present a recovery trajectory for management referral waiting times",
		},
	},
	"2.2": {
		questions: []string{
			"What happens to a member of staff from referral to return to work, and where do handoffs between OH, psychology and managers fail?",
			"What proportion of staff off sick with musculoskeletal or mental health conditions get an OH contact within four weeks?",
			"How long do reasonable adjustments take to put in place for staff with long-term conditions?",
		},
		strong: []string{
			"A mapped pathway from referral to return to work is in place, with fast-track physiotherapy and psychological therapy within {n} working days. {pct}% of long-term absence cases had an OH contact within four weeks.",
			"Reasonable adjustments take a median of {n} weeks from request, tracked on the OH dashboard; the adjustments passport is used by {low}0 staff.",
		},
		weak: []string{
			"Adjustment requests take a median of {weeks} weeks, mostly waiting for equipment. A reasonable adjustments passport is being piloted in two divisions.",
			"The pathway has not been mapped end to end; managers report confusion about who arranges a phased return.",
		},
		gaps: []string{"an end-to-end pathway with measured handoffs", "a standard for how long adjustments take"},
		actions: []string{
			"Map the referral to return-to-work pathway with staff who have used it",
			"Set and report a target for putting reasonable adjustments in place",
		},
	},
	"2.3": {
		questions: []string{
			"Where does our OH service stand against the national OHWB maturity framework, and what would move it up a level?",
			"When did the service last assess itself against the core delivery standards, and who checked the assessment?",
		},
		strong: []string{
			"The self-assessment in {month} placed the service at core delivery in every domain and transformative in two. Internal audit reviewed the evidence; the improvement plan targets two more domains by {quarter}.",
		},
		weak: []string{
			"The service has not yet assessed itself against the framework. It is on the OH team's plan for {quarter}.",
			"A self-assessment was done but not validated; several domains were scored without evidence.",
		},
		gaps: []string{"an evidenced self-assessment", "an improvement plan with dates"},
		actions: []string{
			"Complete and evidence a self-assessment against the OHWB maturity framework",
			"Ask internal audit to validate the maturity self-assessment",
		},
	},
	"2.4": {
		questions: []string{
			"What new approaches has OH tested in the last year, and how were they evaluated before being adopted?",
			"How are OHWB staff given time and funding to lead improvement projects?",
		},
		strong: []string{
			"Three pilots ran this year: nurse-led menopause clinics, a digital self-referral route and peer support after patient safety incidents. Each had an evaluation plan; the menopause clinic is now part of the core offer.",
		},
		weak: []string{
			"Innovation depends on individual enthusiasm; there is no protected time or budget for it.",
		},
		gaps: []string{"protected time for service innovation", "evaluation before new services are adopted"},
		actions: []string{
			"Agree protected improvement time in OH job plans",
			"Publish the evaluation of the menopause clinic pilot",
		},
	},
	"2.5": {
		questions: []string{
			"Is our OH service SEQOHS accredited, when is reaccreditation due, and were any conditions set?",
			"What did the last two internal audits of OH find, and are their recommendations closed?",
		},
		strong: []string{
			"SEQOHS accreditation was renewed in {month} with no conditions; the next assessment is due in {quarter}. Both audit recommendations from last year are closed.",
		},
		weak: []string{
			"SEQOHS accreditation lapsed during the service restructure; the application is being prepared for {quarter}.",
			"{n} of the {n} internal audit recommendations remain open, two of them past their agreed dates.",
		},
		gaps: []string{"SEQOHS accreditation", "closure of the open audit recommendations"},
		actions: []string{
			"Submit the SEQOHS reaccreditation application",
			"Report progress on open OH audit recommendations to the Audit Committee",
		},
	},
	"2.6": {
		questions: []string{
			"Can staff self-refer, book and see their reports online through the OH case management system, and how many do?",
			"How is OH data protected in the case management system, and when was its data protection impact assessment last reviewed?",
			"How much clinician time has digital triage freed, and what has happened to waiting times since?",
		},
		strong: []string{
			"{pct}% of appointments are now booked online and new starters complete health questionnaires digitally, saving about {n}0 clinician hours a month. The DPIA was reviewed in {month}.",
		},
		weak: []string{
			"The OH system is largely paper based; the contract ends next year and a replacement is being specified with the ICS.",
			"Online booking went live in {month} but only {low}% of staff have used it; the link is hard to find from the intranet.",
		},
		gaps: []string{"a current data protection impact assessment", "measured benefits from the digital tools"},
		actions: []string{
			"Review the OH case management system DPIA with the Data Protection Officer",
			"Report online booking uptake and clinician time saved each quarter",
		},
	},
	"2.7": {
		questions: []string{
			"Which OH services do we share with other trusts in the ICS, and what have we saved or gained?",
			"Is OHWB part of the ICS people strategy, and who represents the trust on the system OH group?",
		},
		strong: []string{
			"The trust hosts the ICS vaccination and screening service for four partners, saving about £{n}0k a year. The Director of People represents the trust on the ICS People Board, where OHWB is a standing priority.",
		},
		weak: []string{
			"Collaboration is at the discussion stage; a shared OH business case is due at the ICS People Board in {quarter}.",
		},
		gaps: []string{"an agreed ICS model for shared OH services", "measured savings from collaboration"},
		actions: []string{
			"Bring the shared OH service business case to the ICS People Board",
		},
	},
	"2.8": {
		questions: []string{
			"Which primary care networks and smaller providers in our area can use our OH service, and what is the uptake?",
			"What stops GP practice staff getting timely OH support, and what is the trust doing with the ICS about it?",
		},
		strong: []string{
			"Through the ICS offer, {n}0 GP practices and two hospices buy OH from us; uptake grew {low}% this year and waiting times are the same as for trust staff.",
		},
		weak: []string{
			"There is no offer to primary care yet; practices rely on private providers of varying quality.",
		},
		gaps: []string{"an OH offer for primary care", "uptake figures for smaller providers"},
		actions: []string{
			"Scope an OH offer for primary care networks with the ICS primary care lead",
		},
	},
	"3.1": {
		questions: []string{
			"What is the OH team's establishment, vacancy rate and skill mix, and how does the workforce plan cover the next three years?",
			"How many OH physicians, nurses, physiotherapists and psychologists do we need for our headcount, and how far are we from that?",
		},
		strong: []string{
			"The OH establishment is {n}.{d} WTE with a {n}% vacancy rate. The three-year plan adds an OH physiotherapist and a trainee OH nurse each year and was agreed by the People Committee in {month}.",
		},
		weak: []string{
			"There is no OH workforce plan; the service relies on one consultant who is expected to retire within two years.",
			"The vacancy rate in OH is {low}% and agency cover fills the gap at high cost.",
		},
		gaps: []string{"a multi-disciplinary OH workforce plan", "succession for the consultant OH physician"},
		actions: []string{
			"Produce a three-year multi-disciplinary OH workforce plan",
			"Agree succession arrangements for the consultant OH physician",
		},
	},
	"3.2": {
		questions: []string{
			"How do we attract people into OH roles, and how many trainees did we host this year?",
			"Are there clear routes from OH technician to specialist practitioner, and how many staff have progressed?",
		},
		strong: []string{
			"We host {n} OH nurse trainees and one specialty registrar. Two technicians progressed to practitioner roles this year through the apprenticeship route.",
		},
		weak: []string{
			"Recruitment to OH nursing posts has failed twice this year and there is no structured career pathway.",
		},
		gaps: []string{"a structured OH career pathway", "trainee posts"},
		actions: []string{
			"Create an OH career pathway from technician to specialist practitioner",
		},
	},
	"3.3": {
		questions: []string{
			"What funded training is available to OH staff, and how many completed accredited qualifications last year?",
			"Do OH staff have protected study time, and is it used?",
		},
		strong: []string{
			"{n} OH staff completed accredited qualifications last year, funded through the apprenticeship levy and the education budget; study leave is protected in job plans and {pct}% was taken.",
		},
		weak: []string{
			"Study leave has been cancelled repeatedly because of waiting list pressure; only {low}% of planned study days were taken.",
		},
		gaps: []string{"protected study time that is actually taken"},
		actions: []string{
			"Report OH study leave taken against plan each quarter",
		},
	},
	"3.4": {
		questions: []string{
			"What leadership development have the Head of OH and the wellbeing leads had, and do they have peer support?",
			"How are OHWB leaders involved in the trust's leadership programmes and networks?",
		},
		strong: []string{
			"The Head of OH completed the national OHWB leadership programme and chairs the regional OH leaders' network; both wellbeing leads are on the trust's senior leadership programme.",
		},
		weak: []string{
			"OHWB leaders have no access to the trust's senior leadership programme, which is limited to clinical directors.",
		},
		gaps: []string{"leadership development for OHWB leaders"},
		actions: []string{
			"Open the senior leadership programme to OHWB leaders",
		},
	},
	"3.5": {
		questions: []string{
			"What does the OH team's own staff survey say about their wellbeing, workload and development?",
			"How are OH staff supported after difficult cases, and do they all get clinical supervision?",
		},
		strong: []string{
			"The OH team's engagement score is 7.{d} out of 10, above the trust average, and every clinician has monthly clinical supervision.",
		},
		weak: []string{
			"Sickness absence in the OH team is {rate}% and two staff have left citing workload. Supervision is offered but often cancelled.",
		},
		gaps: []string{"reliable clinical supervision", "a plan for the OH team's own workload"},
		actions: []string{
			"Audit clinical supervision in the OH team and report completion",
		},
	},
	"3.6": {
		questions: []string{
			"What proportion of line managers have completed training in health and wellbeing conversations, and how do we know it changes practice?",
			"How are managers supported to make reasonable adjustments and to manage sickness absence with compassion?",
			"What proportion of staff had a wellbeing conversation in the last twelve months, by division?",
		},
		strong: []string{
			"{pct}% of line managers have completed the wellbeing conversations module, and the staff survey score for managers taking a positive interest in health and wellbeing rose to {pct}%.",
			"Wellbeing conversations are recorded in the appraisal system: {pct}% of staff had one in the last year, ranging from {low}% in estates to {pct}% in corporate services.",
		},
		weak: []string{
			"Only {low}% of managers have completed the training, with uptake lowest in estates and facilities. Completion is not yet recorded centrally.",
		},
		gaps: []string{"manager training uptake in every division", "evidence that training changes practice"},
		actions: []string{
			"Make the wellbeing conversations module part of the new managers' induction",
			"Report wellbeing conversation rates by division to the People Committee",
		},
	},
	"4.1": {
		questions: []string{
			"What OH metrics does the People Committee see each quarter, and how do they compare with peer trusts?",
			"How do we measure the outcomes of OH interventions rather than activity, for example return to work after physiotherapy?",
			"How do sickness absence rates for mental health and musculoskeletal reasons compare with the regional average, and what is the trend?",
		},
		strong: []string{
			"The quarterly OH dashboard shows referrals, waiting times, return-to-work outcomes and absence by reason, benchmarked against {n} peer trusts through Model Health System. Sickness absence is {rate}% against a regional average of 5.1%.",
			"{pct}% of staff treated by the physiotherapy fast track returned to full duties within twelve weeks; the outcome measure was agreed with the ICS in {month}.",
		},
		weak: []string{
			"The committee sees activity data only; outcome measures are being agreed with the ICS for {quarter}.",
			"Absence by reason is not reliable because {low}% of absences are recorded as 'unknown'.",
		},
		gaps: []string{"outcome measures rather than activity", "benchmarking against peer trusts"},
		actions: []string{
			"Add return-to-work outcomes to the quarterly OH dashboard",
			"Reduce absences recorded with an unknown reason below 5%",
		},
	},
	"4.2": {
		questions: []string{
			"Which national or regional OHWB good practice have we adopted this year, and what have we shared with others?",
			"Is OH taking part in any research or evaluation, and how are the findings used?",
		},
		strong: []string{
			"We adopted the regional menopause guidance and presented our fast-track physiotherapy pathway at the national OH conference. OH is a site in a university study of nurse burnout.",
		},
		weak: []string{
			"There is no route for OH to take part in research; the R&D office has not been approached.",
		},
		gaps: []string{"a route into research for OH"},
		actions: []string{
			"Agree with the R&D office how OH can host and join research",
		},
	},
	"4.3": {
		questions: []string{
			"What is the estimated return on investment of the OH service, and how was it calculated?",
			"How much sickness absence and agency cost did OHWB interventions avoid last year?",
		},
		strong: []string{
			"The OH team estimates {n},{d}00 avoided absence days last year, worth about £{d}00k in backfill, using the national value calculator. Finance reviewed the method in {month}.",
		},
		weak: []string{
			"No value case has been made; the service is treated as a cost centre in the budget.",
		},
		gaps: []string{"a value case agreed with Finance"},
		actions: []string{
			"Produce an OHWB value case with Finance using the national calculator",
		},
	},
	"4.4": {
		questions: []string{
			"How do we specify and monitor quality when we buy OH or employee assistance services from outside providers?",
			"When was the employee assistance programme contract last reviewed against use and outcomes, and what did it show?",
		},
		strong: []string{
			"The EAP contract is reviewed quarterly: {low}% of the workforce used it last year and outcome measures are reported. The new OH software was specified with the ICS against common standards.",
		},
		weak: []string{
			"The EAP contract has been rolled over without review for three years, and usage data has not been requested.",
		},
		gaps: []string{"contract monitoring of external OHWB providers"},
		actions: []string{
			"Review the EAP contract against usage and outcomes before renewal",
		},
	},
	"4.5": {
		questions: []string{
			"How does the board track our progress against Growing OHWB Together, and when did it last review it?",
			"Which of the 23 action areas have we assessed ourselves against, and where are we weakest?",
		},
		strong: []string{
			"An annual self-assessment against the 23 action areas went to the Board in {month}; progress is reviewed at each People Committee and the weakest areas have named executive leads.",
		},
		weak: []string{
			"The strategy has not been formally adopted; a gap analysis against the 23 areas is planned for {quarter}.",
		},
		gaps: []string{"a board-approved self-assessment against the strategy"},
		actions: []string{
			"Bring a self-assessment against the 23 action areas to the Board",
		},
	},
}

// areaWeights makes some areas busier than others, as in a real log: data,
// access and managers come up far more often than the OHWB market.
var areaWeights = map[string]int{
	"1.1": 4, "1.2": 3, "1.3": 3, "1.4": 4,
	"2.1": 6, "2.2": 5, "2.3": 2, "2.4": 2, "2.5": 3, "2.6": 3, "2.7": 2, "2.8": 1,
	"3.1": 4, "3.2": 2, "3.3": 2, "3.4": 2, "3.5": 3, "3.6": 5,
	"4.1": 6, "4.2": 2, "4.3": 3, "4.4": 1, "4.5": 3,
}

// people are the executives questions are put to. Made up.
var people = []string{
	"Director of People (Sarah Patel)",
	"Head of Occupational Health (Dr James Okafor)",
	"Chief Nurse (Helen Wright)",
	"Medical Director (Dr Robert Evans)",
	"Director of Finance (Mark Thompson)",
	"Chief Digital Information Officer (Priya Shah)",
	"Head of Health and Wellbeing (Emma Clarke)",
	"Chief Executive (Andrew Hughes)",
	"Head of Learning and OD (Fiona Campbell)",
	"Director of Strategy (Tom Baker)",
}

// askedOf lists, by driver, the people a question in that driver is most
// likely put to (indexes into people); anyone may be asked now and then.
var askedOf = map[string][]int{
	"1": {0, 1, 6, 7},
	"2": {1, 0, 6, 2, 5},
	"3": {0, 1, 8, 2},
	"4": {0, 1, 4, 9},
}

// owners are the roles follow-up actions are given to.
var owners = []string{
	"Director of People", "Head of OH", "Head of Health and Wellbeing", "Chief Nurse",
	"Deputy Director of Workforce", "Head of Learning and OD", "Director of Finance",
	"Company Secretary", "Chief Digital Information Officer", "OH Service Manager",
}

// comments are the Guardian's words on a response, by level; {gap} is filled
// from the area's gaps.
var comments = map[string][]string{
	"substantial": {
		"Assured: the response is backed by data and the evidence attached. Routine reporting is enough from here.",
		"Good evidence of sustained improvement over several quarters. Propose closing at the next meeting.",
	},
	"reasonable": {
		"Reasonably assured. Progress is real, but I would like to see {gap} before giving substantial assurance.",
		"Broadly assured; I would like to see the trend over a longer period and {gap}.",
	},
	"limited": {
		"Limited assurance: plans exist, but there is little evidence of impact yet. I have asked for {gap} with dates.",
		"Limited assurance. The answer describes activity rather than outcomes; {gap} is still missing.",
	},
	"none": {
		"No assurance. There is no data to show the risk is under control, and {gap} is missing. Escalated to the Board.",
	},
	"not_assessed": {
		"Awaiting the supporting data promised at the meeting before giving a level.",
		"",
	},
}
