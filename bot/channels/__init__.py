from bot.channels import rasa_fixes

rasa_fixes.apply()
