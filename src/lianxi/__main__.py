from lianxi.cli import main

main()
