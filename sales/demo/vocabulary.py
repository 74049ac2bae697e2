"""The words the demo history is made of: names, places, themes and phrases."""

# fmt: off
NAME_FIRST = ["Blue", "North", "Bright", "Granite", "Silver", "Cedar", "Harbour", "Summit",
              "Willow", "Copper", "Meadow", "Atlas", "Pioneer", "Lumen", "Oak", "Riverside"]
NAME_SECOND = ["Outfitters", "Hotels", "Cafés", "Logistics", "Retail", "Sports", "Foods",
               "Hospitality", "Workshops", "Stores", "Labs", "Trading", "Events", "Clubs"]
INDUSTRIES = ["Retail", "Hospitality", "Sports & leisure", "Food service", "Events",
              "Corporate gifting", "Education", "Tourism"]
PLACES = [("Paris", "FR"), ("Lyon", "FR"), ("Berlin", "DE"), ("Hamburg", "DE"), ("Madrid", "ES"),
          ("Lisbon", "PT"), ("Amsterdam", "NL"), ("Brussels", "BE"), ("Milan", "IT"),
          ("Copenhagen", "DK"), ("Dublin", "IE"), ("Vienna", "AT")]
FIRST_NAMES = ["Amélie", "Lukas", "Sofia", "Mateo", "Chloé", "Jonas", "Inès", "Noah", "Elena",
               "Hugo", "Freya", "Luca", "Maya", "Oskar", "Nora", "Tiago", "Clara", "Emil"]
LAST_NAMES = ["Martin", "Schneider", "García", "Rossi", "Jansen", "Dubois", "Silva", "Nielsen",
              "Murphy", "Weber", "Lefèvre", "Costa", "Novak", "Bauer", "Moreau", "Romero"]
TITLES = ["Purchasing manager", "Head of operations", "Owner", "Buyer", "Store manager",
          "Procurement lead", "Events coordinator", "General manager", "Finance director"]
DEAL_THEMES = ["Staff uniforms", "Spring restock", "Guest amenities", "Team kit",
               "Corporate gifts", "Café equipment", "Outdoor range", "Seasonal collection",
               "Event merchandise", "Kitchen refit", "Annual supply agreement", "Pilot order"]
LOST_REASONS = ["Price too high", "Chose a competitor", "No budget this year",
                "Timing: project postponed", "No response after proposal", "Requirements changed"]
NOTE_TEXTS = ["Prefers email over calls.", "Budget approved by the board.",
              "Asked for samples before committing.", "Decision expected after the trade fair.",
              "Wants delivery split over two months.", "Met at the Lyon retail show.",
              "Sensitive to lead times; mention the Paris warehouse.",
              "Renewal comes up every spring.", "Requested a volume discount."]
SUBJECTS = {
    "call": ["Discovery call", "Pricing follow-up", "Check-in", "Negotiation call"],
    "email": ["Proposal sent", "Samples shipped", "Revised quote", "Thanks for your time"],
    "meeting": ["On-site visit", "Product demo", "Contract review", "Kick-off"],
    "message": ["Quick question on sizes", "Delivery date?", "Confirming the meeting"],
}
OUTCOMES = {
    "call": ["connected", "connected", "no_answer", "voicemail"],
    "email": ["replied", "replied", ""],
    "meeting": ["held", "held", "rescheduled"],
    "message": ["replied", "positive", ""],
}
# fmt: on
