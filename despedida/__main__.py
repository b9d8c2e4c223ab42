from despedida.cli import main

main()
